"""The dashboard: the organization's pipeline per assessment, what waits for my scorecard, recent decisions."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q

from assay.accounts.access import Actor
from assay.accounts.roles import Role
from assay.assessments import access as assessment_access
from assay.assessments import identity
from assay.assessments.models import Candidate
from assay.reviews.models import Decision, Scorecard
from assay.reviews.services import decisions

S = Candidate.State
COLUMNS = {
    "invited": (S.INVITED, S.OPENED),
    "started": (S.STARTED,),
    "submitted": (S.SUBMITTED,),
    "graded": (S.GRADED,),
    "reviewed": (S.REVIEWED,),
    "decided": (S.ADVANCED, S.REJECTED),
}


def pipeline(actor: Actor) -> list[dict[str, Any]]:
    """Per assessment, how many candidates stand at each step now."""
    counts = {name: Count("candidates", filter=Q(candidates__state__in=states)) for name, states in COLUMNS.items()}
    found = assessment_access.assessments(actor).annotate(**counts)
    return [{"assessment": a, "counts": [(n, getattr(a, n)) for n in COLUMNS]} for a in found]


def waiting_for(actor: Actor) -> list[Candidate]:
    """Graded candidates of assessments the actor reviews (or of any, when none are assigned) without the
    actor's submitted scorecard."""
    if actor.user is None or not actor.can(Role.REVIEWER):
        return []
    done = Scorecard.objects.filter(reviewer=actor.user, submitted_at__isnull=False).values("submission_id")
    mine = Q(assessment__reviewers=actor.user) | Q(assessment__reviewers__isnull=True)
    found = (
        assessment_access.candidates(actor)
        .filter(mine, state__in=(S.GRADED, S.REVIEWED), submission__isnull=False)
        .exclude(submission_id__in=done)
        .distinct()
    )
    return identity.mask(actor, found[:20])


def recent_decisions(actor: Actor) -> list[Decision]:
    found = list(decisions.recent(actor))
    identity.mask(actor, [d.candidate for d in found])
    return found
