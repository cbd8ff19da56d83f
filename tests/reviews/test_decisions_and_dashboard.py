"""Decisions with a reason on the timeline and the dashboard; the pipeline; reviewers told when grading ends."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from django.utils import timezone

from assay.assessments.models import Candidate
from assay.grading import services as grading
from assay.reviews.models import Decision
from tests.conftest import Team
from tests.reviews.candidates import assessment_for, graded, submitted
from tests.reviews.conftest import sample_report

pytestmark = pytest.mark.django_db


def _decide(team: Team, who: str, candidate: Candidate, outcome: str, reason: str) -> Any:
    return team.client(who).post(
        f"/assessments/candidates/{candidate.pk}/decision/", {"outcome": outcome, "reason": reason}
    )


@pytest.fixture
def cara(team: Team, tmp_path: Path) -> Candidate:
    return graded(team, assessment_for(team), "Cara Candidate", "cara@example.test", tmp_path)


def test_a_decision_with_its_reason_shows_on_the_timeline_and_the_dashboard(team: Team, cara: Candidate) -> None:
    answer = _decide(team, "reviewer", cara, "advance", "Clean transactions; strong on conflicts")
    assert answer.status_code == 302
    cara.refresh_from_db()
    assert cara.state == "advanced"
    timeline = team.client("viewer").get(f"/assessments/candidates/{cara.pk}/").content.decode()
    assert "Advanced" in timeline and "Clean transactions; strong on conflicts" in timeline
    dashboard = team.client("viewer").get("/").content.decode()
    assert "Recent decisions" in dashboard and "Clean transactions; strong on conflicts" in dashboard


def test_a_changed_decision_keeps_its_history(team: Team, cara: Candidate) -> None:
    _decide(team, "reviewer", cara, "hold", "Wait for the second round")
    _decide(team, "admin", cara, "reject", "Another candidate fits better")
    cara.refresh_from_db()
    assert cara.state == "rejected"
    assert [d.outcome for d in Decision.objects.filter(candidate=cara)] == ["reject", "hold"]
    page = team.client("viewer").get(f"/submissions/{cara.submission_id}/scorecard/").content.decode()
    assert "Wait for the second round" in page and "Another candidate fits better" in page
    kinds = list(cara.events.values_list("kind", flat=True))
    assert kinds[-2:] == ["held", "rejected"]


def test_a_decision_needs_a_reason_and_the_reviewer_role(team: Team, cara: Candidate) -> None:
    assert _decide(team, "reviewer", cara, "advance", "  ").status_code == 422
    refused = _decide(team, "viewer", cara, "advance", "I like them")
    assert refused.status_code == 403
    assert _decide(team, "outsider", cara, "advance", "Mine now").status_code == 404
    assert not Decision.objects.exists()
    cara.refresh_from_db()
    assert cara.state == "graded"


def test_a_candidate_who_has_not_submitted_cannot_be_decided(team: Team) -> None:
    invited = Candidate.objects.create(
        organization=team.organization,
        assessment=assessment_for(team),
        name="Ivy Invited",
        email="ivy@example.test",
        start_by=timezone.now() + timedelta(days=7),
    )
    answer = _decide(team, "reviewer", invited, "advance", "Looks keen")
    assert answer.status_code == 409 and "nothing to decide yet" in answer.content.decode()
    invited.refresh_from_db()
    assert invited.state == "invited" and not Decision.objects.exists()


def test_the_pipeline_counts_candidates_per_step(team: Team, tmp_path: Path) -> None:
    assessment = assessment_for(team, title="Platform engineer")
    graded(team, assessment, "Gina Graded", "gina@example.test", tmp_path)
    submitted(team, assessment, "Sam Submitted", "sam@example.test", tmp_path)
    page = team.client("viewer").get("/").content.decode()
    assert "Platform engineer" in page
    assert 'data-column="graded">1<' in page and 'data-column="submitted">1<' in page
    assert 'data-column="decided">0<' in page


def test_what_waits_for_my_scorecard(team: Team, cara: Candidate) -> None:
    url = f"/submissions/{cara.submission_id}/scorecard/"
    assert url in team.client("reviewer").get("/").content.decode()
    team.client("reviewer").post(
        url, {"score_api_design": "3", "score_server_logic": "3", "recommendation": "yes", "action": "submit"}
    )
    assert url not in team.client("reviewer").get("/").content.decode()


def test_an_empty_organization_sees_how_to_start(team: Team) -> None:
    page = team.client("owner").get("/").content.decode()
    assert "Get started" in page and "Create an assessment" in page


def test_the_assessment_reviewers_get_an_email_when_a_submission_is_graded(
    team: Team, tmp_path: Path, mailoutbox: list[Any], django_capture_on_commit_callbacks: Callable[..., Any]
) -> None:
    assessment = assessment_for(team, reviewers=("reviewer",))
    cara = submitted(team, assessment, "Cara Candidate", "cara@example.test", tmp_path)
    assert cara.submission is not None
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        run = grading.claim(cara.submission.pk, "test-worker")
        assert run is not None
        grading.finish(run, sample_report())
    mails = [m for m in mailoutbox if m.to == [team.users["reviewer"].email]]
    assert len(mails) == 1
    assert "Cara Candidate" in mails[0].subject
    assert f"/submissions/{cara.submission_id}/scorecard/" in mails[0].body
