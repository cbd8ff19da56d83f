"""Shapes of the assessments API."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated
from uuid import UUID

from ninja import Schema
from pydantic import Field

from assay.accounts.fields import Email
from assay.assessments.models import DEFAULT_START_WINDOW_DAYS, DEFAULT_TIME_LIMIT_MINUTES


class AssessmentIn(Schema):
    title: str = Field(min_length=1, max_length=200, examples=["Backend engineer"])
    challenge: str = Field(
        description="The slug of a challenge in the library; its current version is frozen.", examples=["bookings-api"]
    )
    stacks: list[Annotated[str, Field(min_length=1, max_length=40)]] = Field(
        min_length=1,
        description="The stacks a candidate may choose from, among the challenge's stacks.",
        examples=[["python", "node"]],
    )
    time_limit_minutes: int = DEFAULT_TIME_LIMIT_MINUTES
    start_window_days: int = DEFAULT_START_WINDOW_DAYS
    instructions: str = ""
    reviewer_ids: list[int] = Field(default_factory=list, description="User ids of reviewing members.", examples=[[]])
    show_breakdown: bool = False


class AssessmentOut(Schema):
    id: int
    public_id: UUID
    title: str
    challenge: str
    challenge_version: str
    stacks: list[str]
    time_limit_minutes: int
    start_window_days: int
    show_breakdown: bool
    created_at: datetime
    archived_at: datetime | None

    @staticmethod
    def resolve_challenge(obj: object) -> str:
        return str(obj.challenge_version.challenge.slug)  # type: ignore[attr-defined]

    @staticmethod
    def resolve_challenge_version(obj: object) -> str:
        return str(obj.challenge_version.content_hash)  # type: ignore[attr-defined]


class AssessmentPatch(Schema):
    """Fields left out stay as they are. The challenge version and stacks never change once candidates may work."""

    title: str | None = Field(None, min_length=1, max_length=200, examples=["Senior backend engineer"])
    time_limit_minutes: int | None = None
    start_window_days: int | None = None
    instructions: str | None = None
    reviewer_ids: list[int] | None = Field(None, description="User ids of reviewing members (replaces the list).")
    show_breakdown: bool | None = None


class CandidateIn(Schema):
    name: str = Field(min_length=1, max_length=150, examples=["Cara Candidate"])
    email: Email


class CandidatesIn(Schema):
    candidates: list[CandidateIn] = Field(
        min_length=1, max_length=1000, description="Everyone is invited, or nobody when any entry is wrong."
    )


class WithdrawIn(Schema):
    reason: str = Field("", max_length=500, description="Kept on the candidate's timeline.")


class ExtendIn(Schema):
    days: int = Field(0, ge=0, le=30, description="More days to start (not started) or to work (started).")
    minutes: int = Field(0, ge=0, le=43200)


class CandidateOut(Schema):
    id: int
    assessment_id: int
    name: str
    email: str
    state: str
    invited_at: datetime
    start_by: datetime
    stack: str
    started_at: datetime | None
    deadline: datetime | None
    submitted_at: datetime | None
    submitted_automatically: bool
    minutes_used: int | None
    score: float | None
    commit: str | None

    @staticmethod
    def resolve_commit(obj: object) -> str | None:
        submission = obj.submission  # type: ignore[attr-defined]
        return str(submission.commit) if submission else None
