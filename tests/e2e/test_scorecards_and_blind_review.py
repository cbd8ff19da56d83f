"""The reviewer's workspace in a real browser against the real server: two reviewers score the same
submission (the second sees the first's scorecard only after submitting), a decision with its reason shows
on the timeline and the dashboard, the comparison lists both candidates and exports a CSV whose
formula-like name is inert, and under blind review no page, CSV or API response a reviewer gets names a
candidate who is not decided."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.e2e.test_login_and_api_key import sign_in
from tests.ops.serving import Server, assay_serve, clean_env

pytestmark = pytest.mark.browser
ROOT = Path(__file__).parents[2]
PASSWORD = "reviewers passphrase 42"
FORMULA = '=HYPERLINK("http://evil.test","x")'
UNDECIDED = ("HYPERLINK", "mallory@example.test", "mallory")


@pytest.fixture(scope="module")
def seeded(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Server, dict[str, Any]]]:
    var = tmp_path_factory.mktemp("var")
    with assay_serve(var) as server:
        done = subprocess.run(
            [sys.executable, "-m", "tests.e2e.scorecard_seed", PASSWORD, str(tmp_path_factory.mktemp("seed"))],
            cwd=ROOT,
            env={**clean_env(var), "DJANGO_SETTINGS_MODULE": "assay.settings"},
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert done.returncode == 0, done.stderr[-3000:]
        yield server, json.loads(done.stdout.strip().splitlines()[-1])


def _sign_in_as(browser: Any, server: Server, email: str) -> Any:
    page = browser.new_context(accept_downloads=True).new_page()
    page.set_default_timeout(15_000)
    page.goto(f"{server.url}/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{server.url}/")
    return page


def _score(page: Any, notes: str) -> None:
    for criterion in page.locator("fieldset.criterion").all():
        criterion.locator("input[type=radio][value='3']").check()
    page.get_by_label("Overall recommendation").select_option("yes")
    page.get_by_label("Notes").fill(notes)
    page.get_by_role("button", name="Submit scorecard").click()
    page.get_by_text("Scorecard submitted.").wait_for()


def _csv(page: Any, link_name: str = "Export as CSV") -> list[dict[str, str]]:
    with page.expect_download() as download:
        page.get_by_role("link", name=link_name).click()
    text = Path(download.value.path()).read_text()
    return list(csv.DictReader(io.StringIO(text)))


def _what_a_reviewer_gets(page: Any, server: Server, data: dict[str, Any]) -> dict[str, str]:
    assessment, first = data["assessment"], data["candidates"][1]
    pages = {
        "dashboard": "/",
        "assessment": f"/assessments/{assessment}/",
        "candidate": f"/assessments/candidates/{first['candidate']}/",
        "report": f"/submissions/{first['submission']}/",
        "code": f"/submissions/{first['submission']}/code/",
        "scorecard": f"/submissions/{first['submission']}/scorecard/",
        "comparison": f"/assessments/{assessment}/comparison/",
    }
    found = {}
    for name, path in pages.items():
        page.goto(server.url + path)
        found[name] = page.content()
    page.goto(f"{server.url}/assessments/{assessment}/comparison/")
    found["csv"] = json.dumps(_csv(page))
    for path in (
        f"/api/v1/assessments/{assessment}/candidates",
        f"/api/v1/candidates/{first['candidate']}",
        f"/api/v1/assessments/{assessment}/comparison",
        f"/api/v1/assessments/{assessment}/comparison.csv",
        f"/api/v1/submissions/{first['submission']}/scorecards",
    ):
        answer = page.request.get(server.url + path)
        assert answer.status == 200, (path, answer.status)
        found[path] = answer.text()
    return found


def test_two_reviewers_decide_compare_and_review_blind(
    page: Any, browser: Any, seeded: tuple[Server, dict[str, Any]]
) -> None:
    server, data = seeded
    assessment = data["assessment"]
    ada = data["candidates"][0]

    # The owner turns blind review on for the assessment.
    sign_in(page, server)
    page.goto(f"{server.url}/assessments/{assessment}/comparison/")
    page.get_by_role("button", name="Turn blind review on").click()
    page.get_by_text("Blind review is on.").wait_for()

    # Under blind review, a reviewer sees no name or email of a candidate anywhere.
    rita = _sign_in_as(browser, server, "rita@example.test")
    for where, body in _what_a_reviewer_gets(rita, server, data).items():
        for text in ("Ada Lovelace", "ada@example.test", *UNDECIDED):
            assert text not in body, f"a reviewer sees {text!r} on {where} under blind review"

    # Rita scores from the dashboard's list of what waits for her.
    rita.goto(f"{server.url}/")
    rita.get_by_role("heading", name="Waiting for your scorecard").wait_for()
    rita.locator(f"a[href='/submissions/{ada['submission']}/scorecard/']").click()
    _score(rita, "Rita: clean error handling")

    # Rex does not see Rita's scorecard until he submits his own.
    rex = _sign_in_as(browser, server, "rex@example.test")
    rex.goto(f"{server.url}/submissions/{ada['submission']}/scorecard/")
    assert "Rita: clean error handling" not in rex.content()
    rex.get_by_text("stay hidden until you submit yours").wait_for()
    _score(rex, "Rex: tests are thin")
    rex.get_by_text("Rita: clean error handling").wait_for()
    assert "Average of 2 scorecards" in rex.content()

    # Rex decides with a reason: on the timeline and on the dashboard.
    rex.get_by_label("Advance").check()
    rex.get_by_label("Reason (kept on the candidate's timeline)").fill("Strong on conflicts and retries")
    rex.get_by_role("button", name="Record the decision").click()
    rex.get_by_text("Decision recorded: advance.").wait_for()
    rex.goto(f"{server.url}/assessments/candidates/{ada['candidate']}/")
    timeline = rex.locator("ol.timeline")
    assert "Strong on conflicts and retries" in timeline.inner_text()
    assert "Reviewed" in timeline.inner_text() and "Advanced" in timeline.inner_text()
    rex.goto(f"{server.url}/")
    assert "Strong on conflicts and retries" in rex.locator(".recent-decisions").inner_text()

    # The decision lifts blind review for Ada only: the undecided candidate stays an alias.
    for where, body in _what_a_reviewer_gets(rex, server, data).items():
        for text in UNDECIDED:
            assert text not in body, f"a reviewer sees {text!r} on {where} under blind review"

    # The owner's comparison lists both candidates and exports a CSV with the formula-like name inert.
    page.goto(f"{server.url}/assessments/{assessment}/comparison/")
    rows = page.locator("table.comparison tbody tr")
    assert rows.count() == 2
    page.get_by_role("link", name="Score", exact=True).click()
    page.wait_for_url("**sort=score**")
    assert "Ada Lovelace" in rows.first.inner_text(), "the higher score sorts first"
    names = [row["name"] for row in _csv(page)]
    assert sorted(names) == sorted(["Ada Lovelace", "'" + FORMULA])
    assert [e for e in page.console_errors if "Content Security Policy" in e] == []
