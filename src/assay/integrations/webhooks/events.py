"""Which change of the hiring workflow is which webhook event.

The assessments app records every step of a candidate on their timeline (a CandidateEvent); this listener,
one floor up, turns the steps integrators care about into webhook events. Nothing below integrations imports
it: the lower layers only save their own rows, and Django's post_save signal carries the news up.
"""

from __future__ import annotations

from typing import Any

from django.db.models.signals import post_save

from assay.assessments.models import Candidate, CandidateEvent
from assay.integrations.schemas import candidate_object, submission_object
from assay.integrations.webhooks import services

# Timeline kind -> webhook event type.
EVENTS = {
    "invited": "candidate.invited",
    "started": "candidate.started",
    "submitted": "submission.received",
    "graded": "submission.graded",
    "advanced": "review.decided",
    "held": "review.decided",
    "rejected": "review.decided",
}
OUTCOMES = {"advanced": "advance", "held": "hold", "rejected": "reject"}


def _object(event: CandidateEvent, candidate: Candidate) -> dict[str, Any]:
    if event.kind in ("submitted", "graded") and candidate.submission is not None:
        return submission_object(candidate.submission, candidate)
    obj = candidate_object(candidate)
    if event.kind in OUTCOMES:
        obj["decision"] = {"outcome": OUTCOMES[event.kind], "reason": event.detail, "by": event.by}
    return obj


def on_timeline_event(sender: Any, instance: CandidateEvent, created: bool, **kwargs: Any) -> None:
    event_type = EVENTS.get(instance.kind)
    if not created or event_type is None:
        return
    candidate_organization = CandidateEvent.objects.filter(pk=instance.pk).values_list(
        "candidate__organization_id", flat=True
    )
    if not services.wanted(candidate_organization.get(), event_type):
        return  # nobody listens: the hiring workflow pays nothing for webhooks it does not use
    candidate = Candidate.objects.select_related("submission").get(pk=instance.candidate_id)
    services.emit(candidate.organization_id, event_type, _object(instance, candidate))


def connect() -> None:
    post_save.connect(on_timeline_event, sender=CandidateEvent, dispatch_uid="webhooks-from-timeline")
