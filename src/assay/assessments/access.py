"""Who may see which assessments and candidates: the members of the organization that owns them.

Another organization's assessment or candidate is absent from these querysets, so asking for it is a 404.
"""

from __future__ import annotations

from django.core.exceptions import ObjectDoesNotExist
from django.db.models import QuerySet

from assay.accounts.access import Actor
from assay.assessments.models import Assessment, Candidate
from assay.errors import NotFound


def assessments(actor: Actor) -> QuerySet[Assessment]:
    return Assessment.objects.filter(organization=actor.organization).select_related("challenge_version__challenge")


def assessment(actor: Actor, assessment_id: int) -> Assessment:
    try:
        return assessments(actor).get(pk=assessment_id)
    except ObjectDoesNotExist:
        raise NotFound(f"No assessment with id {assessment_id} in this organization.") from None


def candidates(actor: Actor) -> QuerySet[Candidate]:
    return Candidate.objects.filter(organization=actor.organization).select_related("assessment", "submission")


def candidate(actor: Actor, candidate_id: int) -> Candidate:
    try:
        return candidates(actor).get(pk=candidate_id)
    except ObjectDoesNotExist:
        raise NotFound(f"No candidate with id {candidate_id} in this organization.") from None
