"""Under blind review, the candidate's name and email addresses never reach the AI reviewer's endpoint."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.utils import timezone

from assay.accounts.roles import Role
from assay.assessments import services
from assay.assessments.models import Candidate
from assay.reviews.models import AIReviewer, BlindReview, Narrative
from tests.conftest import Team
from tests.reviews.candidates import assessment_for
from tests.reviews.conftest import SOLUTION_APP, grade, make_submission, run_tasks
from tests.reviews.fake_reviewer_endpoint import FakeReviewerEndpoint

# A real task worker runs the narrative: it opens and closes its own database connections.
pytestmark = pytest.mark.django_db(transaction=True)

NAME, EMAIL = "Zelda Quartermaine", "zelda.q@example.com"
AUTHORS = f"Written by {NAME} <{EMAIL}>; questions to {EMAIL} or the team at hiring@elsewhere.example.\n"


@pytest.mark.parametrize("blind", [True, False], ids=["blind review", "open review"])
def test_names_and_emails_are_removed_before_sending_under_blind_review(
    team: Team,
    reviewer: AIReviewer,
    endpoint: FakeReviewerEndpoint,
    tmp_path: Path,
    django_capture_on_commit_callbacks: Any,
    blind: bool,
) -> None:
    assessment = assessment_for(team)
    if blind:
        BlindReview.objects.create(assessment=assessment, enabled_by="owner")
    candidate, _ = services.invite(team.actor(Role.OWNER), assessment, NAME, EMAIL)
    submission = make_submission(team.organization, {"app.py": SOLUTION_APP, "AUTHORS": AUTHORS}, tmp_path)
    Candidate.objects.filter(pk=candidate.pk).update(
        submission=submission, state="submitted", started_at=timezone.now(), submitted_at=timezone.now()
    )
    with django_capture_on_commit_callbacks(execute=True):
        grade(submission)
    run_tasks()
    assert Narrative.objects.get(submission=submission).state == Narrative.State.WRITTEN
    [prompt] = endpoint.prompts
    assert '<file path="AUTHORS">' in prompt
    leaked = [word for word in ("Zelda", "Quartermaine", EMAIL, "hiring@elsewhere.example") if word in prompt]
    if blind:
        assert leaked == [] and "[removed: blind review]" in prompt
    else:
        assert leaked == ["Zelda", "Quartermaine", EMAIL, "hiring@elsewhere.example"]
