"""Accessibility: axe-core's WCAG 2.1 A and AA rules on the page with an issue listed and its edit form open."""

import pytest

pytestmark = pytest.mark.skill("integration")
WCAG = {"wcag2a", "wcag2aa", "wcag21a", "wcag21aa"}


@pytest.mark.weight(3)
def test_the_page_has_no_accessibility_violations(new_issue, ui, axe, tag):
    issue = new_issue(title=f"Accessible {tag}", labels=[tag])
    ui.filter(label=tag)
    item = ui.issue(issue["id"])
    item.get_by_role("button", name="Edit").click()
    item.locator("form.edit-issue").wait_for()
    violations = [v for v in axe(ui.page) if WCAG & set(v.get("tags", []))]
    report = "; ".join(
        f"{v['id']} ({v['impact']}, {v['nodes']} element(s), e.g. {', '.join(v['targets'])}): {v['help']}"
        for v in violations
    )
    assert not violations, f"axe-core found {len(violations)} WCAG 2.1 A/AA violation(s): {report}"
