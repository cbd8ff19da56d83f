"""When grading or the team's decision finishes for a candidate Greenhouse sent, report it to Greenhouse.

Like the webhooks, this listens to the candidate's timeline (post_save of CandidateEvent), so the hiring
workflow below knows nothing of Greenhouse.
"""

from __future__ import annotations

from typing import Any

from django.db.models.signals import post_save

from assay.assessments.models import CandidateEvent
from assay.integrations.greenhouse import services
from assay.integrations.models import GreenhouseOrder

REPORTED_STEPS = frozenset({"graded", "reviewed", "advanced", "held", "rejected", "expired", "withdrawn"})


def on_timeline_event(sender: Any, instance: CandidateEvent, created: bool, **kwargs: Any) -> None:
    if not created or instance.kind not in REPORTED_STEPS:
        return
    order = GreenhouseOrder.objects.filter(candidate_id=instance.candidate_id).exclude(callback_url="").first()
    if order is not None:
        services.queue_report(order.pk)


def connect() -> None:
    post_save.connect(on_timeline_event, sender=CandidateEvent, dispatch_uid="greenhouse-from-timeline")
