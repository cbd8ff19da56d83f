"""The JSON API: creating, reading, filtering and editing issues, and refusing what breaks the rules."""

from typing import Any

import pytest
from conftest import describe

pytestmark = pytest.mark.skill("server_logic")


def _refused(resp: Any, field: str, why: str) -> None:
    """Any 4xx will do here (the exact status is its own api_design check), with the field named."""
    assert 400 <= resp.status_code < 500, f"{describe(resp)}; expected the request to be refused: {why}"
    errors = resp.json().get("errors") if "json" in resp.headers.get("content-type", "") else None
    assert isinstance(errors, dict) and field in errors, (
        f"{describe(resp)}; expected an `errors` object naming `{field}`, so the page can show it next to the field"
    )


@pytest.mark.skill("api_design")
@pytest.mark.weight(2)
def test_create_answers_201_with_the_issue(api, tag):
    resp = api.post("/api/issues", json={"title": "Login page is slow", "labels": [tag], "assignee": "maria"})
    assert resp.status_code == 201, f"{describe(resp)}; expected 201 Created"
    issue = resp.json()
    assert isinstance(issue.get("id"), int), f"{describe(resp)}; expected the issue with an integer `id`"
    expected = {"title": "Login page is slow", "labels": [tag], "assignee": "maria", "status": "open"}
    assert {k: issue.get(k) for k in expected} == expected, f"{describe(resp)}; expected the issue as created"


def test_an_issue_gets_the_briefs_defaults(new_issue):
    issue = new_issue(title="Only a title")
    got = {k: issue.get(k) for k in ("description", "status", "labels", "assignee")}
    assert got == {"description": "", "status": "open", "labels": [], "assignee": None}, (
        f"created with only a title, the issue is {got}; the brief's defaults are an empty description, "
        "status open, no labels and no assignee"
    )


def test_an_issue_reads_back_as_created(api, new_issue, tag):
    issue = new_issue(title="Export to CSV", description="All columns.", labels=[tag, "export"], assignee="li")
    resp = api.get(f"/api/issues/{issue['id']}")
    assert resp.status_code == 200, f"{describe(resp)}; expected 200 with the issue"
    fields = ("title", "description", "labels", "assignee", "status")
    assert {k: resp.json().get(k) for k in fields} == {k: issue[k] for k in fields}, (
        f"{describe(resp)}; expected the issue as it was created"
    )


@pytest.mark.skill("api_design")
def test_an_unknown_issue_is_404(api):
    resp = api.get("/api/issues/987654321")
    assert resp.status_code == 404, f"{describe(resp)}; expected 404 for an issue that does not exist"


@pytest.mark.weight(2)
def test_a_title_of_only_spaces_is_refused(api, tag):
    resp = api.post("/api/issues", json={"title": "   ", "labels": [tag]})
    _refused(resp, "title", "a title is required, and a title of only spaces is none")
    listed = api.get("/api/issues", params={"label": tag}).json()
    assert listed == [], f"the refused issue was stored anyway: GET /api/issues?label={tag} lists {listed}"


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("status", "done"),
        ("labels", ["Needs Triage"]),
        ("assignee", ""),
        ("title", "x" * 121),
    ],
    ids=["status", "labels", "assignee", "title-too-long"],
)
def test_an_invalid_field_is_refused(api, field, value):
    resp = api.post("/api/issues", json={"title": "Valid title", field: value})
    _refused(resp, field, f"{field}={value!r} breaks the brief's rules for {field}")


@pytest.mark.skill("api_design")
@pytest.mark.weight(2)
def test_validation_errors_are_422_naming_every_field(api):
    resp = api.post("/api/issues", json={"title": "", "status": "later"})
    assert resp.status_code == 422, f"{describe(resp)}; expected 422 for invalid fields"
    errors = resp.json().get("errors")
    assert isinstance(errors, dict) and {"title", "status"} <= set(errors), (
        f"{describe(resp)}; expected `errors` with a message for each invalid field (title and status)"
    )
    assert all(isinstance(m, str) and m.strip() for m in errors.values()), f"{describe(resp)}; empty messages"


@pytest.mark.parametrize("by", ["status", "label", "assignee", "all-three"])
def test_the_list_filters(api, new_issue, tag, by):
    other = f"{tag}-other"
    new_issue(title="wanted", labels=[tag], assignee=f"{tag}-ana", status="in_progress")
    new_issue(title="other status", labels=[tag], assignee=f"{tag}-ana", status="closed")
    new_issue(title="other label", labels=[other], assignee=f"{tag}-ana", status="in_progress")
    new_issue(title="other assignee", labels=[tag], assignee=f"{tag}-bo", status="in_progress")
    params = {"status": "in_progress", "label": tag, "assignee": f"{tag}-ana"}
    if by != "all-three":
        params = {by: params[by]}
    resp = api.get("/api/issues", params=params)
    assert resp.status_code == 200, f"{describe(resp)}; expected 200 with the matching issues"
    # Other tests' issues may match too: only this test's (their assignees start with its tag) are compared.
    ours = {i.get("title") for i in resp.json() if str(i.get("assignee") or "").startswith(tag)}
    expected = {
        "status": {"wanted", "other label", "other assignee"},
        "label": {"wanted", "other status", "other assignee"},
        "assignee": {"wanted", "other status", "other label"},
        "all-three": {"wanted"},
    }[by]
    assert ours == expected, (
        f"{describe(resp)}; of this test's issues it lists {sorted(map(str, ours))}, expected {sorted(expected)}"
    )


@pytest.mark.weight(2)
def test_an_edit_changes_only_the_given_fields(api, new_issue, tag):
    issue = new_issue(title="Typo on pricing page", description="Says 'anual'.", labels=[tag], assignee="kim")
    resp = api.patch(f"/api/issues/{issue['id']}", json={"status": "closed", "assignee": None})
    assert resp.status_code == 200, f"{describe(resp)}; expected 200 with the edited issue"
    after = api.get(f"/api/issues/{issue['id']}").json()
    expected = {**{k: issue[k] for k in ("title", "description", "labels")}, "status": "closed", "assignee": None}
    assert {k: after.get(k) for k in expected} == expected, (
        f"after PATCH {{status: closed, assignee: null}} the issue is {after}; expected only those two to change"
    )


@pytest.mark.weight(3)
def test_an_edit_with_an_unknown_status_is_refused_and_changes_nothing(api, new_issue, tag):
    issue = new_issue(title="Dark mode", labels=[tag])
    resp = api.patch(f"/api/issues/{issue['id']}", json={"title": "Dark mode everywhere", "status": "wontfix"})
    _refused(resp, "status", "the status must be one of open, in_progress, closed")
    after = api.get(f"/api/issues/{issue['id']}").json()
    assert (after.get("title"), after.get("status")) == ("Dark mode", "open"), (
        f"after a refused edit the issue is {after}; a refused edit must change nothing"
    )


@pytest.mark.skill("api_design")
def test_editing_an_unknown_issue_is_404(api):
    resp = api.patch("/api/issues/987654321", json={"status": "closed"})
    assert resp.status_code == 404, f"{describe(resp)}; expected 404 for an issue that does not exist"
