"""Shapes of the scorecards, decisions and comparison API."""

from __future__ import annotations

from datetime import datetime

from ninja import Schema
from pydantic import Field


class CriterionOut(Schema):
    id: str
    title: str
    skill: str
    levels: list[str]


class ScorecardOut(Schema):
    id: int
    reviewer: str
    scores: dict[str, int]
    notes: str
    recommendation: str
    version: int
    submitted_at: datetime | None
    revisions: int

    @staticmethod
    def resolve_reviewer(obj: object) -> str:
        return str(obj.reviewer.display_name)  # type: ignore[attr-defined]

    @staticmethod
    def resolve_revisions(obj: object) -> int:
        return int(obj.revisions.count())  # type: ignore[attr-defined]


class ScorecardsOut(Schema):
    rubric: list[CriterionOut]
    mine: ScorecardOut | None
    others_visible: bool = Field(description="False until you submit your own scorecard.")
    submitted: list[ScorecardOut]
    average: float | None


class ScorecardIn(Schema):
    scores: dict[str, int] = Field(default_factory=dict, description="Criterion id -> 1..4.")
    notes: str = ""
    recommendation: str = Field("", description="strong_yes, yes, no or strong_no; required to submit.")
    version: int | None = Field(None, description="The version you last read; a stale one is a 409.")
    submit: bool = Field(False, description="Submit (or amend) rather than save a private draft.")


class DecisionIn(Schema):
    outcome: str = Field(description="advance, hold or reject")
    reason: str = Field(min_length=1, max_length=10_000)


class DecisionOut(Schema):
    id: int
    candidate_id: int
    outcome: str
    reason: str
    by: str
    at: datetime

    @staticmethod
    def resolve_by(obj: object) -> str:
        return str(obj.by_label)  # type: ignore[attr-defined]


class ComparisonRowOut(Schema):
    candidate_id: int
    submission_id: int | None
    name: str
    state: str
    score: float | None
    skills: dict[str, float | None]
    hidden_passed: int
    hidden_total: int
    red_flags: int
    minutes_used: int | None
    scorecard_average: float | None
    scorecards: int
    decision: str
