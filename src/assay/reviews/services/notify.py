"""Telling an assessment's reviewers that a submission is graded and waits for their scorecards."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import transaction
from django.urls import reverse

from assay.accounts.access import Actor
from assay.accounts.roles import Role
from assay.assessments import identity
from assay.assessments.models import Candidate
from assay.notifications.services import send_email


def on_submission_graded(sender: Any, submission_id: int, **kwargs: Any) -> None:
    """grading.signals.submission_graded: email each assigned reviewer a link to the scorecard."""
    with transaction.atomic():  # sent after grading's transaction committed: this one is ours
        for candidate in Candidate.objects.filter(submission_id=submission_id).select_related("assessment"):
            _tell_reviewers(candidate)


def _tell_reviewers(candidate: Candidate) -> None:
    assessment = candidate.assessment
    url = settings.SITE_URL + reverse("reviews:scorecard", args=[candidate.submission_id])
    for reviewer in assessment.reviewers.filter(is_active=True):
        # The email names the candidate as this reviewer may see them (blind review gives the alias).
        actor = Actor(organization=assessment.organization, role=Role.REVIEWER, user=reviewer)
        shown = identity.mask(actor, [Candidate.objects.get(pk=candidate.pk)])[0]
        send_email(
            to=reviewer.email,
            template="reviews/email/graded",
            context={"candidate": shown, "assessment": assessment, "url": url, "reviewer": reviewer},
            organization_id=assessment.organization_id,
        )
