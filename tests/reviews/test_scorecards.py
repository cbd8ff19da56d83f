"""Scorecards through the pages: filled independently, hidden until one's own is submitted, amended with history."""

from __future__ import annotations

from pathlib import Path

import pytest

from assay.assessments.models import Candidate
from assay.reviews.models import Scorecard
from tests.conftest import Team
from tests.reviews.candidates import assessment_for, graded

pytestmark = pytest.mark.django_db
FULL = {"score_api_design": "3", "score_server_logic": "2", "recommendation": "yes"}


def _url(candidate: Candidate) -> str:
    return f"/submissions/{candidate.submission_id}/scorecard/"


@pytest.fixture
def cara(team: Team, tmp_path: Path) -> Candidate:
    assessment = assessment_for(team, reviewers=("reviewer", "admin"))
    return graded(team, assessment, "Cara Candidate", "cara@example.test", tmp_path)


def test_the_rubric_is_shown_with_what_each_level_looks_like(team: Team, cara: Candidate) -> None:
    page = team.client("reviewer").get(_url(cara)).content.decode()
    assert "Api design" in page and "Clear, complete and careful" in page


def test_a_reviewer_sees_the_others_scorecards_only_after_submitting_theirs(team: Team, cara: Candidate) -> None:
    first, second = team.client("reviewer"), team.client("admin")
    sent = first.post(_url(cara), {**FULL, "notes": "Solid error handling, weak tests", "action": "submit"})
    assert sent.status_code == 302
    before = second.get(_url(cara)).content.decode()
    assert "Solid error handling" not in before
    assert "stay hidden until you submit yours" in before

    second.post(_url(cara), {**FULL, "notes": "My own view", "action": "save"})
    assert "Solid error handling" not in second.get(_url(cara)).content.decode(), "a draft is not a submission"

    second.post(_url(cara), {**FULL, "notes": "My own view", "action": "submit"})
    after = second.get(_url(cara)).content.decode()
    assert "Solid error handling" in after and "My own view" in after
    assert "Average of 2 scorecards" in after


def test_reviewed_once_every_assigned_reviewer_has_submitted(team: Team, cara: Candidate) -> None:
    team.client("reviewer").post(_url(cara), {**FULL, "action": "submit"})
    cara.refresh_from_db()
    assert cara.state == "graded", "one of the two assigned reviewers is still to score"
    team.client("admin").post(_url(cara), {**FULL, "action": "submit"})
    cara.refresh_from_db()
    assert cara.state == "reviewed"
    assert cara.events.filter(kind="reviewed").exists()


def test_submitting_needs_every_criterion_and_a_recommendation(team: Team, cara: Candidate) -> None:
    answer = team.client("reviewer").post(_url(cara), {"score_api_design": "3", "action": "submit"})
    assert answer.status_code == 422
    assert "Score every criterion before submitting" in answer.content.decode()
    assert not Scorecard.objects.filter(submitted_at__isnull=False).exists()


def test_a_score_out_of_range_is_refused(team: Team, cara: Candidate) -> None:
    answer = team.client("reviewer").post(_url(cara), {**FULL, "score_api_design": "7", "action": "submit"})
    assert answer.status_code == 422
    assert "Score 1 to 4" in answer.content.decode()


def test_amending_keeps_the_earlier_scorecard(team: Team, cara: Candidate) -> None:
    client = team.client("reviewer")
    client.post(_url(cara), {**FULL, "notes": "first take", "action": "submit"})
    client.post(_url(cara), {**FULL, "score_api_design": "4", "notes": "second take", "action": "submit"})
    card = Scorecard.objects.get()
    assert card.scores["api_design"] == 4 and card.notes == "second take"
    assert [r.notes for r in card.revisions.all()] == ["first take"]
    draft_over = client.post(_url(cara), {**FULL, "notes": "quietly changed", "action": "save"})
    assert draft_over.status_code == 409, "a submitted scorecard changes only by amending, with history"
    assert Scorecard.objects.get().notes == "second take"


def test_a_save_from_a_stale_form_is_refused_and_loses_nothing(team: Team, cara: Candidate) -> None:
    client = team.client("reviewer")
    client.post(_url(cara), {**FULL, "notes": "from tab one", "version": "0", "action": "save"})
    stale = client.post(_url(cara), {**FULL, "notes": "from tab two", "version": "0", "action": "save"})
    assert stale.status_code == 409
    assert Scorecard.objects.get().notes == "from tab one"


def test_two_reviewers_saving_keep_both_scorecards(team: Team, cara: Candidate) -> None:
    team.client("reviewer").post(_url(cara), {**FULL, "notes": "A", "version": "0", "action": "save"})
    team.client("admin").post(_url(cara), {**FULL, "notes": "B", "version": "0", "action": "save"})
    assert sorted(Scorecard.objects.values_list("notes", flat=True)) == ["A", "B"]


def test_a_viewer_reads_submitted_scorecards_and_cannot_fill_one(team: Team, cara: Candidate) -> None:
    team.client("reviewer").post(_url(cara), {**FULL, "notes": "Reviewer notes", "action": "submit"})
    viewer = team.client("viewer")
    assert "Reviewer notes" in viewer.get(_url(cara)).content.decode()
    refused = viewer.post(_url(cara), {**FULL, "action": "submit"})
    assert refused.status_code == 403
    assert "Only reviewers, admins and owners can fill scorecards" in refused.content.decode()


def test_another_organization_gets_404(team: Team, cara: Candidate) -> None:
    outsider = team.client("outsider")
    assert outsider.get(_url(cara)).status_code == 404
    assert outsider.post(_url(cara), {**FULL, "action": "submit"}).status_code == 404
    assert not Scorecard.objects.exists()
