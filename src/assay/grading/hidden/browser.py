"""The hidden tests' browser fixtures: `page` (Playwright on the grader's sandboxed Chromium) and `axe`.

The grader hands the plugin a launcher (`--assay-browser`) that starts Chromium as the run's browser
uid inside bubblewrap, on the run's loopback only; Playwright's driver stays here and talks to it over
pipes. `axe` injects the pinned axe-core (`--assay-axe`) into a page and answers its violations.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:
    from playwright.sync_api import Browser, BrowserContext, Page

# Chromium's own sandbox needs user namespaces and setuid helpers that bubblewrap already took away; the
# browser is inside our sandbox (own uid, no capabilities, the run's network only), so it runs without its own.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
# Generous: a grading machine runs several gradings at once, and the browser's cgroup weighs as one process.
ACTION_TIMEOUT_MS = 30_000
# What the tests get of each violation: enough for a reviewer to find it in the page.
_AXE_RUN = """async () => {
  const result = await axe.run(document, {resultTypes: ["violations"]});
  return result.violations.map(v => ({
    id: v.id, impact: v.impact, help: v.help, tags: v.tags, nodes: v.nodes.length,
    targets: v.nodes.slice(0, 3).map(n => n.target.join(" ")),
  }));
}"""


@pytest.fixture(scope="session")
def browser(request: pytest.FixtureRequest) -> Iterator[Browser]:
    """Chromium for the whole session, sandboxed by the grader (a fault of the platform when it is missing)."""
    launcher = request.config.getoption("--assay-browser")
    if not launcher:
        raise RuntimeError("this grader has no browser for hidden tests (Debian's chromium package is missing)")
    from playwright.sync_api import expect, sync_playwright

    expect.set_options(timeout=ACTION_TIMEOUT_MS)
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=launcher, args=CHROMIUM_ARGS, headless=True)
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.fixture(scope="session")
def _browser_context(browser: Browser, base_url: str) -> Iterator[BrowserContext]:
    # bypass_csp: a candidate's Content-Security-Policy must not keep axe-core out of the page.
    context = browser.new_context(base_url=base_url, bypass_csp=True)
    context.set_default_timeout(ACTION_TIMEOUT_MS)
    try:
        yield context
    finally:
        context.close()


@pytest.fixture
def page(_browser_context: BrowserContext) -> Iterator[Page]:
    """A new tab whose relative URLs go to the candidate's service; cookies and storage start empty."""
    # One context for the session (a new one per test costs seconds on a busy machine), emptied for each test.
    _browser_context.clear_cookies()
    tab = _browser_context.new_page()
    try:
        yield tab
    finally:
        tab.close()


@pytest.fixture(scope="session")
def axe(request: pytest.FixtureRequest) -> Callable[[Page], list[dict[str, Any]]]:
    """`axe(page)`: axe-core's violations on the page as it is now (id, impact, help, tags, nodes, targets)."""
    path = request.config.getoption("--assay-axe")
    if not path:
        raise RuntimeError("this grader has no axe-core for hidden tests (run `make install`)")
    script = Path(path).read_text()

    def violations(page: Page) -> list[dict[str, Any]]:
        page.add_script_tag(content=script)
        found = page.evaluate(_AXE_RUN)
        return found if isinstance(found, list) else []

    return violations
