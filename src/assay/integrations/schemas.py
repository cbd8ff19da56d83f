"""Shapes of the webhooks and submissions API, and the objects webhook events carry."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import UUID

from ninja import Schema
from pydantic import Field

from assay.assessments.models import Candidate
from assay.assessments.schemas import CandidateOut
from assay.integrations.models import EVENT_TYPES
from assay.submissions.models import Submission

EVENTS_HELP = f"Event types to send: any of {', '.join(EVENT_TYPES)}. Empty or left out: all of them."


class WebhookIn(Schema):
    url: str = Field(min_length=1, max_length=500, examples=["https://ats.example.com/hooks/assay"])
    description: str = Field("", max_length=200)
    events: list[str] = Field(default_factory=list, description=EVENTS_HELP, examples=[["submission.graded"]])


class WebhookPatch(Schema):
    url: str | None = Field(None, min_length=1, max_length=500)
    description: str | None = Field(None, max_length=200)
    events: list[str] | None = Field(None, description=EVENTS_HELP)
    active: bool | None = Field(None, description="Turn the endpoint on (again) or off.")


class WebhookOut(Schema):
    id: int
    url: str
    description: str
    events: list[str]
    active: bool
    disabled_reason: str
    previous_secret_expires_at: datetime | None
    created_at: datetime


class WebhookWithSecret(WebhookOut):
    secret: str = Field(description="The signing secret; answered only when it is created or rotated.")


class RotateIn(Schema):
    overlap_hours: int = Field(24, ge=0, le=168, description="How long the old secret keeps signing too.")


class AttemptOut(Schema):
    number: int
    at: datetime
    status_code: int | None
    error: str
    response_excerpt: str
    succeeded: bool


class DeliveryOut(Schema):
    id: int
    event_id: UUID
    event_type: str
    state: str
    attempts: int
    next_attempt_at: datetime | None
    created_at: datetime
    attempt_log: list[AttemptOut]

    @staticmethod
    def resolve_attempt_log(obj: Any) -> list[Any]:
        return list(obj.attempt_log.all())


class SubmissionOut(Schema):
    id: int
    public_id: UUID
    candidate_id: int | None
    assessment_id: int | None
    stack: str
    commit: str
    state: str
    score: float | None
    archive_bytes: int
    archive_sha256: str
    created_at: datetime


def candidate_object(candidate: Candidate) -> dict[str, Any]:
    return dict(CandidateOut.from_orm(candidate).model_dump(mode="json"))


def submission_object(submission: Submission, candidate: Candidate | None) -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": submission.pk,
        "public_id": submission.public_id,
        "candidate_id": candidate.pk if candidate else None,
        "assessment_id": candidate.assessment_id if candidate else None,
        "stack": submission.stack,
        "commit": submission.commit,
        "state": submission.state,
        "score": submission.score,
        "archive_bytes": submission.archive_bytes,
        "archive_sha256": submission.archive_sha256,
        "created_at": submission.created_at,
    }
    return dict(SubmissionOut(**data).model_dump(mode="json"))
