"""A hiring team finds the newer challenges in the library and creates an assessment from one in the browser.

The server's library holds the challenges of library part 2 copied from the repository's challenges/ folder;
the owner reads one's brief with its "How it is graded" section, creates an assessment from it with both
stacks, invites a candidate, and the candidate's page offers those stacks for that challenge.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.e2e.test_login_and_api_key import sign_in
from tests.ops.serving import Server, assay_serve

pytestmark = pytest.mark.browser
CHALLENGES = Path(__file__).resolve().parents[2] / "challenges"
PART_TWO = {
    "ledger-api": "Ledger with concurrent transfers",
    "auth-service": "Authentication and authorization service",
    "slow-endpoint-rescue": "Slow-endpoint rescue",
}


@pytest.fixture(scope="module")
def library_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    library = tmp_path_factory.mktemp("library")
    for slug in PART_TWO:
        shutil.copytree(CHALLENGES / slug, library / slug, ignore=shutil.ignore_patterns("node_modules", "__pycache__"))
    var = tmp_path_factory.mktemp("var")
    with assay_serve(var, ASSAY_LIBRARY_DIR=str(library), ASSAY_CALIBRATE_ON_LOAD="0") as running:
        yield running


def test_an_assessment_is_created_from_a_new_challenge_and_offered_to_a_candidate(
    page: object, browser: object, library_server: Server
) -> None:
    server = library_server
    sign_in(page, server)
    page.get_by_role("navigation").get_by_role("link", name="Library").click()  # type: ignore[attr-defined]
    for title in PART_TWO.values():
        page.get_by_role("link", name=title).wait_for()  # type: ignore[attr-defined]

    page.get_by_role("link", name="Slow-endpoint rescue").click()  # type: ignore[attr-defined]
    page.get_by_role("heading", name="How it is graded").wait_for()  # type: ignore[attr-defined]

    page.get_by_role("navigation").get_by_role("link", name="Assessments").click()  # type: ignore[attr-defined]
    page.get_by_role("link", name="New assessment").click()  # type: ignore[attr-defined]
    page.get_by_label("Title").fill("Performance engineer")  # type: ignore[attr-defined]
    page.get_by_label("Challenge").select_option("slow-endpoint-rescue")  # type: ignore[attr-defined]
    for stack in ("python", "node"):
        page.locator(f'input[name="stacks"][value="{stack}"]').check()  # type: ignore[attr-defined]
    page.get_by_role("button", name="Create assessment").click()  # type: ignore[attr-defined]
    page.get_by_role("heading", name="Performance engineer").wait_for()  # type: ignore[attr-defined]
    assert "Slow-endpoint rescue" in page.content()  # type: ignore[attr-defined]

    page.get_by_label("Name", exact=True).fill("Pat Performance")  # type: ignore[attr-defined]
    page.get_by_label("Email", exact=True).fill("pat@example.test")  # type: ignore[attr-defined]
    page.get_by_role("button", name="Send invitation").click()  # type: ignore[attr-defined]
    page.get_by_role("row").filter(has_text="Pat Performance").get_by_text("Invited").wait_for()  # type: ignore[attr-defined]

    page.get_by_role("navigation").get_by_role("link", name="Outbox").click()  # type: ignore[attr-defined]
    outbox = page.content()  # type: ignore[attr-defined]
    link = re.search(r"https?://[^\s<\"]+/c/[^/\s<\"]+/", outbox)
    assert link, "the invitation in the outbox carries no candidate link"
    candidate = browser.new_context().new_page()  # type: ignore[attr-defined]
    candidate.goto(server.url + "/c/" + link.group(0).split("/c/", 1)[1])
    offered = candidate.locator('input[name="stack"]').evaluate_all("inputs => inputs.map(i => i.value)")
    assert sorted(offered) == ["node", "python"]
    assert "Slow-endpoint rescue" in candidate.content()
