"""The page, driven in a browser: create, filter, edit, errors next to their field, no full reload."""

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.skill("integration")


@pytest.mark.weight(2)
def test_the_page_creates_an_issue(api, ui, tag):
    form = ui.page.locator("#new-issue")
    ui.fill(form, title=f"Broken link {tag}", labels=tag, assignee="sam")
    ui.submit(form)
    item = ui.page.locator("#issues [data-issue-id]", has_text=f"Broken link {tag}")
    expect(item, "the issue created in #new-issue never appeared in #issues").to_have_count(1)
    stored = api.get("/api/issues", params={"label": tag}).json()
    assert [(i.get("title"), i.get("assignee")) for i in stored] == [(f"Broken link {tag}", "sam")], (
        f"after creating an issue on the page, GET /api/issues?label={tag} lists {stored}"
    )


@pytest.mark.weight(2)
def test_the_page_filters_issues(new_issue, ui, tag):
    closed = new_issue(title=f"Closed {tag}", labels=[tag], status="closed")
    open_one = new_issue(title=f"Open {tag}", labels=[tag])
    ui.filter(label=tag)
    shown = ui.page.locator("#issues [data-issue-id]")
    expect(shown, f"filtering by the label {tag} must show exactly this test's two issues").to_have_count(2)
    ui.filter(label=tag, status="closed")
    expect(shown, f"filtering by the label {tag} and status closed must show one issue").to_have_count(1)
    expect(ui.issue(closed["id"]), "the closed issue must be the one shown").to_have_count(1)
    expect(ui.issue(open_one["id"]), "the open issue must be filtered out").to_have_count(0)


@pytest.mark.weight(2)
def test_the_page_edits_an_issue(api, new_issue, ui, tag):
    issue = new_issue(title=f"Slow search {tag}", labels=[tag])
    ui.filter(label=tag)
    item = ui.issue(issue["id"])
    item.get_by_role("button", name="Edit").click()
    form = item.locator("form.edit-issue")
    ui.fill(form, title=f"Search takes 5 s {tag}", status="in_progress")
    ui.submit(form)
    expect(item, "the edited title must show in the list").to_contain_text(f"Search takes 5 s {tag}")
    stored = api.get(f"/api/issues/{issue['id']}").json()
    assert (stored.get("title"), stored.get("status")) == (f"Search takes 5 s {tag}", "in_progress"), (
        f"after editing on the page the API answers {stored}; the edit must be saved"
    )


@pytest.mark.weight(3)
def test_an_edit_error_is_shown_next_to_the_field(api, new_issue, ui, tag):
    issue = new_issue(title=f"Crash on upload {tag}", labels=[tag])
    ui.filter(label=tag)
    item = ui.issue(issue["id"])
    item.get_by_role("button", name="Edit").click()
    form = item.locator("form.edit-issue")
    ui.fill(form, title="   ")
    ui.submit(form)
    title = form.locator('[name="title"]')
    expect(title, "a refused title must be marked aria-invalid=true").to_have_attribute("aria-invalid", "true")
    message = ui.page.evaluate(
        """field => {
            const ids = (field.getAttribute("aria-describedby") || "").split(/\\s+/).filter(Boolean);
            const notes = ids.map(id => document.getElementById(id)).filter(n => n && field.form.contains(n));
            return notes.filter(n => n.checkVisibility()).map(n => n.textContent.trim()).join(" ");
        }""",
        title.element_handle(),
    )
    assert message, (
        "the title field has no visible message in its own form that its aria-describedby names: "
        "the error must be shown next to the field it is about"
    )
    stored = api.get(f"/api/issues/{issue['id']}").json()
    assert stored.get("title") == f"Crash on upload {tag}", f"a refused edit was saved: {stored}"


@pytest.mark.weight(3)
def test_the_page_never_reloads(new_issue, ui, tag):
    issue = new_issue(title=f"Reload check {tag}", labels=[tag])
    form = ui.page.locator("#new-issue")
    ui.fill(form, title=f"Created without reload {tag}", labels=tag)
    ui.submit(form)
    expect(ui.page.locator("#issues"), "the created issue must appear").to_contain_text("Created without reload")
    assert not ui.reloaded(), "creating an issue reloaded the whole page; the brief asks for an update in place"
    ui.filter(label=tag)
    expect(ui.page.locator("#issues [data-issue-id]"), "the filter must show this test's issues").to_have_count(2)
    assert not ui.reloaded(), "filtering reloaded the whole page; the brief asks for an update in place"
    item = ui.issue(issue["id"])
    item.get_by_role("button", name="Edit").click()
    ui.fill(item.locator("form.edit-issue"), status="closed")
    ui.submit(item.locator("form.edit-issue"))
    expect(item, "the edit must be shown").to_contain_text("Closed")
    assert not ui.reloaded(), "saving an edit reloaded the whole page; the brief asks for an update in place"


@pytest.mark.weight(3)
@pytest.mark.severity("high")
def test_a_title_is_shown_as_text_never_run(new_issue, ui, tag):
    title = f'<img src="x" onerror="window.__assayInjected = 1"> {tag}'
    new_issue(title=title, labels=[tag])
    ui.filter(label=tag)
    expect(ui.page.locator("#issues"), "the title must show as the text it is").to_contain_text(title)
    injected = ui.page.evaluate("() => window.__assayInjected === 1")
    assert not injected, "an issue's title was inserted into the page as HTML and ran its script (XSS)"
