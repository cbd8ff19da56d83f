"""Scorecards, decisions and the comparison through /api/v1/, with the pages' rules (blind review included)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from assay.assessments.models import Candidate
from assay.grading import services as grading
from assay.reviews.models import Decision
from tests.conftest import Team
from tests.reviews.candidates import assessment_for, graded, submitted
from tests.reviews.conftest import sample_report

pytestmark = pytest.mark.django_db
CARD = {"scores": {"api_design": 4, "server_logic": 3}, "recommendation": "strong_yes", "notes": "Tidy"}


@pytest.fixture
def cara(team: Team, tmp_path: Path) -> Candidate:
    return graded(team, assessment_for(team), "Cara Candidate", "cara@example.test", tmp_path)


def _put(team: Team, who: str, candidate: Candidate, **body: Any) -> Any:
    return team.client(who).put(
        f"/api/v1/submissions/{candidate.submission_id}/scorecards/mine", body, content_type="application/json"
    )


def test_scorecards_over_the_api_stay_hidden_until_one_submits(team: Team, cara: Candidate) -> None:
    url = f"/api/v1/submissions/{cara.submission_id}/scorecards"
    assert _put(team, "reviewer", cara, **CARD, submit=True).status_code == 200
    before = team.client("admin").get(url).json()
    assert before["others_visible"] is False and before["submitted"] == []
    assert [c["id"] for c in before["rubric"]] == ["api_design", "server_logic"]
    draft = _put(team, "admin", cara, **CARD, submit=False).json()
    assert draft["submitted_at"] is None and draft["version"] == 1
    _put(team, "admin", cara, **CARD, version=1, submit=True)
    after = team.client("admin").get(url).json()
    assert after["others_visible"] is True and len(after["submitted"]) == 2
    assert after["average"] == pytest.approx(3.5)


def test_a_stale_version_is_a_409_problem(team: Team, cara: Candidate) -> None:
    _put(team, "reviewer", cara, **CARD, version=0)
    stale = _put(team, "reviewer", cara, **CARD, version=0)
    assert stale.status_code == 409
    assert stale["Content-Type"] == "application/problem+json"


def test_an_incomplete_scorecard_cannot_be_submitted(team: Team, cara: Candidate) -> None:
    answer = _put(team, "reviewer", cara, scores={"api_design": 2}, submit=True)
    assert answer.status_code == 422
    assert "server_logic" in answer.content.decode()


def test_decisions_over_the_api_keep_their_history(team: Team, cara: Candidate) -> None:
    api = team.api("reviewer")
    url = f"/api/v1/candidates/{cara.pk}/decisions"
    first = api.post(url, {"outcome": "hold", "reason": "Second round"}, content_type="application/json")
    assert first.status_code == 201
    api.post(url, {"outcome": "advance", "reason": "Second round went well"}, content_type="application/json")
    listed = team.api("viewer").get(url).json()
    assert [(d["outcome"], d["reason"]) for d in listed] == [
        ("advance", "Second round went well"),
        ("hold", "Second round"),
    ]
    bad = api.post(url, {"outcome": "maybe", "reason": "Unsure"}, content_type="application/json")
    assert bad.status_code == 422
    assert Decision.objects.count() == 2


def test_comparison_rows_over_the_api(team: Team, cara: Candidate) -> None:
    rows = team.api("viewer").get(f"/api/v1/assessments/{cara.assessment_id}/comparison").json()
    [row] = rows
    assert row["name"] == "Cara Candidate"
    assert (row["hidden_passed"], row["hidden_total"]) == (1, 2)
    assert row["skills"]["security"] is None, "a skill the challenge does not assess is null, never a number"
    assert row["minutes_used"] == 61


def test_a_blind_reviewer_email_carries_the_alias(
    team: Team, tmp_path: Path, mailoutbox: list[Any], django_capture_on_commit_callbacks: Callable[..., Any]
) -> None:
    assessment = assessment_for(team, reviewers=("reviewer",))
    team.client("admin").post(f"/assessments/{assessment.pk}/blind/", {"blind": "on"})
    cara = submitted(team, assessment, "Cara Candidate", "cara@example.test", tmp_path)
    assert cara.submission is not None
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        run = grading.claim(cara.submission.pk, "test-worker")
        assert run is not None
        grading.finish(run, sample_report())
    [mail] = [m for m in mailoutbox if m.to == [team.users["reviewer"].email]]
    assert "Cara" not in mail.subject + mail.body
    assert f"Candidate {cara.public_id.hex[:6].upper()}" in mail.subject
