"""A hiring team's own challenge in a real browser against the real server: the owner imports a small package
from the library page, watches the real grader validate it, then sets up an assessment on it and invites a
candidate. Before validation passes, an assessment on it is refused with a clear message.
"""

from __future__ import annotations

import tarfile
import time
from pathlib import Path

import pytest

from tests.e2e.test_login_and_api_key import sign_in
from tests.grading.conftest import sandbox_missing
from tests.ops.serving import Server

pytestmark = pytest.mark.browser
PACKAGE = Path(__file__).parent / "fixtures" / "team-items"
# Validation grades the reference solution and the starter on a shared, busy machine: minutes, not seconds.
VALIDATION_WAIT_SECONDS = 900


def _archive(tmp_path: Path) -> Path:
    path = tmp_path / "team-items.tar.gz"
    with tarfile.open(path, "w:gz") as tar:
        tar.add(PACKAGE, arcname=PACKAGE.name, filter=lambda info: None if "__pycache__" in info.name else info)
    return path


def _create_assessment(page: object, server: Server) -> None:
    page.goto(f"{server.url}/assessments/new/")  # type: ignore[attr-defined]
    page.get_by_label("Title").fill("Team items engineer")  # type: ignore[attr-defined]
    page.get_by_label("Challenge").select_option("team-items")  # type: ignore[attr-defined]
    page.locator('input[name="stacks"][value="python"]').check()  # type: ignore[attr-defined]
    page.get_by_role("button", name="Create assessment").click()  # type: ignore[attr-defined]


def _wait_until_validated(page: object) -> str:
    deadline = time.monotonic() + VALIDATION_WAIT_SECONDS
    heading = page.get_by_role("heading", name="Validation:")  # type: ignore[attr-defined]
    while time.monotonic() < deadline:
        text = heading.inner_text()
        if text.endswith(("Validated", "Validation failed")):
            return str(text)
        time.sleep(3)
        page.reload()  # type: ignore[attr-defined]
    return str(heading.inner_text())


def test_an_admin_imports_a_package_sees_it_validated_and_invites_a_candidate(
    page: object, server: Server, tmp_path: Path
) -> None:
    if reason := sandbox_missing():
        pytest.skip(reason)
    sign_in(page, server)
    page.get_by_role("navigation").get_by_role("link", name="Library").click()  # type: ignore[attr-defined]
    page.get_by_label("Package archive").set_input_files(str(_archive(tmp_path)))  # type: ignore[attr-defined]
    page.get_by_role("button", name="Import").click()  # type: ignore[attr-defined]
    page.get_by_role("heading", name="Team items API").wait_for()  # type: ignore[attr-defined]
    assert page.get_by_text("Imported team-items (new)").is_visible()  # type: ignore[attr-defined]

    # Not yet validated: no assessment on it (unless the worker was already done, which the page would say).
    heading = page.get_by_role("heading", name="Validation:").inner_text()  # type: ignore[attr-defined]
    if not heading.endswith("Validated"):
        _create_assessment(page, server)
        page.get_by_text("candidates can be invited to it only once it is validated").first.wait_for()  # type: ignore[attr-defined]
        page.goto(f"{server.url}/library/team-items/")  # type: ignore[attr-defined]

    assert _wait_until_validated(page) == "Validation: Validated"
    report = page.get_by_role("table").filter(has_text="solution python")  # type: ignore[attr-defined]
    assert report.get_by_role("row").filter(has_text="starter python").is_visible()

    _create_assessment(page, server)
    page.get_by_role("heading", name="Team items engineer").wait_for()  # type: ignore[attr-defined]
    page.get_by_label("Name", exact=True).fill("Cara Candidate")  # type: ignore[attr-defined]
    page.get_by_label("Email", exact=True).fill("cara@example.test")  # type: ignore[attr-defined]
    page.get_by_role("button", name="Send invitation").click()  # type: ignore[attr-defined]
    page.get_by_role("row").filter(has_text="Cara Candidate").get_by_text("Invited").wait_for()  # type: ignore[attr-defined]
