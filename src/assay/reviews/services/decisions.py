"""Decisions on candidates: advance, hold or reject, with a reason, keeping every earlier decision.

The candidate's state and timeline belong to the assessments app (assessments.services.review); this
module keeps the decisions themselves, so the history and the reasons can be listed and exported.
"""

from __future__ import annotations

from django.db.models import QuerySet

from assay.accounts.access import Actor
from assay.assessments.models import Candidate
from assay.assessments.services import review
from assay.audit import events as audit_events
from assay.audit.services import record as audit
from assay.reviews.models import Decision


def decide(actor: Actor, candidate: Candidate, outcome: str, reason: str) -> Decision:
    """Record the decision; the candidate moves to advanced, reviewed (hold) or rejected."""
    review.decide(actor, candidate, outcome, reason)
    audit(actor, audit_events.DECISION, target=candidate, summary=outcome)
    return Decision.objects.create(
        organization=candidate.organization,
        candidate=candidate,
        outcome=outcome,
        reason=reason.strip(),
        by=actor.user,
        by_label=actor.label,
    )


def history(candidate: Candidate) -> list[Decision]:
    """Newest first: the first one is in force."""
    return list(candidate.decisions.all())


def current(candidates: list[int]) -> dict[int, Decision]:
    """The decision in force per candidate id."""
    found: dict[int, Decision] = {}
    for decision in Decision.objects.filter(candidate_id__in=candidates).order_by("at", "id"):
        found[decision.candidate_id] = decision
    return found


def recent(actor: Actor, limit: int = 10) -> QuerySet[Decision]:
    return Decision.objects.filter(organization=actor.organization).select_related("candidate__assessment")[:limit]
