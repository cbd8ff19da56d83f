"""What integrations keep of an erased candidate: webhook delivery bodies (and their attempts' logged
answers) and the replayable replies to idempotent API calls that named them."""

from __future__ import annotations

import json
from typing import Any

from assay.assessments.models import Candidate
from assay.assessments.signals import candidate_erasing
from assay.integrations.models import IdempotencyRecord, WebhookDelivery
from assay.submissions.models import Submission


def _markers(candidate: Candidate, submissions: list[Submission]) -> list[str]:
    """Strings of the JSON Assay sent that name this candidate and nobody else: their email as a JSON value,
    their id as a submission's candidate, their submissions' public ids."""
    markers = [json.dumps(candidate.email), f'"candidate_id": {candidate.pk},']
    return markers + [str(submission.public_id) for submission in submissions]


def on_candidate_erasing(sender: Any, candidate: Candidate, submissions: list[Submission], **kwargs: Any) -> None:
    markers = _markers(candidate, submissions)
    deliveries = WebhookDelivery.objects.filter(endpoint__organization_id=candidate.organization_id)
    for marker in markers:
        deliveries.filter(body__contains=marker).delete()
    # Replies are stored as bytes, so they are read here rather than searched by the database.
    wanted = [marker.encode() for marker in markers]
    for record in IdempotencyRecord.objects.only("pk", "body").iterator():
        if any(marker in bytes(record.body) for marker in wanted):
            IdempotencyRecord.objects.filter(pk=record.pk).delete()


def connect() -> None:
    candidate_erasing.connect(on_candidate_erasing, dispatch_uid="integrations-erasure")
