"""Helpers for the issue-tracker hidden tests: issues made through the API, the page opened with a marker.

Every test makes its own issues with a unique label (`tag`), so tests depend neither on each other,
nor on their order, nor on an empty tracker. Page tests find things by the hooks the brief names:
the forms `#new-issue` and `#filter`, fields by their `name`, issues as `[data-issue-id]` in
`#issues`, the edit form `form.edit-issue` inside its issue.
"""

import uuid
from collections.abc import Callable
from typing import Any

import httpx
import pytest

MARKER = "assay-no-reload"
SUBMIT = 'button[type="submit"], input[type="submit"], button:not([type])'



def describe(resp: httpx.Response) -> str:
    body = resp.text[:300].replace("\n", " ")
    return f"{resp.request.method} {resp.request.url.raw_path.decode()} returned {resp.status_code} ({body!r})"


@pytest.fixture
def tag() -> str:
    """A label no other test uses: it finds this test's issues in a shared tracker."""
    return f"t-{uuid.uuid4().hex[:10]}"


@pytest.fixture
def new_issue(api: httpx.Client) -> Callable[..., dict[str, Any]]:
    """Create an issue with the brief's request; a refusal blocks the tests that need one."""

    def create(**fields: Any) -> dict[str, Any]:
        body = {"title": f"Issue {uuid.uuid4().hex[:8]}", **fields}
        resp = api.post("/api/issues", json=body)
        assert resp.status_code in (200, 201), (
            f"could not create an issue with the brief's request: {describe(resp)}; expected 201 with the issue"
        )
        issue = resp.json()
        assert isinstance(issue, dict) and "id" in issue, f"{describe(resp)}: the created issue has no id"
        return issue

    return create


@pytest.fixture
def tracker(page: Any) -> Any:
    """The page at /, loaded, with a marker in `window` that only a full reload would lose."""
    resp = page.goto("/")
    assert resp is not None and resp.ok, f"GET / answered {resp.status if resp else 'nothing'}: the page must load"
    for selector in ("#new-issue", "#filter", "#issues"):
        assert page.locator(selector).count() == 1, f"the page has no {selector}, which the brief asks for"
    page.wait_for_load_state("networkidle")
    page.evaluate(f"() => {{ window.__assayMarker = {MARKER!r}; }}")
    return page


class Page:
    """The page's hooks as the brief names them, for the page tests."""

    def __init__(self, page: Any) -> None:
        self.page = page

    def submit(self, form: Any) -> None:
        form.locator(SUBMIT).first.click()

    def issue(self, issue_id: int) -> Any:
        return self.page.locator(f'#issues [data-issue-id="{issue_id}"]')

    def reloaded(self) -> bool:
        """Whether the page was loaded again since `tracker` opened it (the marker in `window` is gone)."""
        return self.page.evaluate("() => window.__assayMarker") != MARKER

    def fill(self, form: Any, **values: str) -> None:
        for name, value in values.items():
            control = form.locator(f'[name="{name}"]')
            if control.evaluate("el => el.tagName") == "SELECT":
                control.select_option(value)
            else:
                control.fill(value)

    def filter(self, **values: str) -> None:
        form = self.page.locator("#filter")
        self.fill(form, **{name: values.get(name, "") for name in ("status", "label", "assignee")})
        self.submit(form)


@pytest.fixture
def ui(tracker: Any) -> Page:
    return Page(tracker)
