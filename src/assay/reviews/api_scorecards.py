"""Scorecards, decisions and the comparison over the REST API, with the pages' rules (blind review too)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from ninja import Router

from assay.accounts.auth import actor_of
from assay.assessments import access as assessment_access
from assay.audit import events as audit_events
from assay.audit.services import record as audit
from assay.reviews import access
from assay.reviews.models import Decision
from assay.reviews.schemas_scorecards import (
    ComparisonRowOut,
    DecisionIn,
    DecisionOut,
    ScorecardIn,
    ScorecardOut,
    ScorecardsOut,
)
from assay.reviews.services import comparison, decisions, scorecards

router = Router(tags=["reviews"])


@router.get("/submissions/{submission_id}/scorecards", response=ScorecardsOut)
def list_scorecards(request: HttpRequest, submission_id: int) -> dict[str, Any]:
    """The rubric, your scorecard, and the submitted ones once yours is submitted."""
    actor = actor_of(request)
    submission = access.submission(actor, submission_id)
    rubric = scorecards.rubric_of(submission)
    submitted = scorecards.visible(actor, submission)
    return {
        "rubric": [{"id": c.id, "title": c.title, "skill": c.skill, "levels": list(c.levels)} for c in rubric.criteria],
        "mine": scorecards.mine(actor, submission),
        "others_visible": scorecards.may_see_others(actor, submission),
        "submitted": submitted,
        "average": scorecards.aggregate(rubric, submitted)["overall"] if submitted else None,
    }


@router.put("/submissions/{submission_id}/scorecards/mine", response=ScorecardOut)
def save_scorecard(request: HttpRequest, submission_id: int, payload: ScorecardIn) -> Any:
    """Save your draft, or submit it (submitting again amends it and keeps the earlier version)."""
    actor = actor_of(request)
    submission = access.submission(actor, submission_id)
    entry = scorecards.Entry(payload.scores, payload.notes, payload.recommendation, payload.version)
    return scorecards.save(actor, submission, entry, submit=payload.submit)


@router.get("/candidates/{candidate_id}/decisions", response=list[DecisionOut], tags=["candidates"])
def list_decisions(request: HttpRequest, candidate_id: int) -> list[Decision]:
    """The decisions on a candidate, newest (in force) first."""
    return decisions.history(assessment_access.candidate(actor_of(request), candidate_id))


@router.post("/candidates/{candidate_id}/decisions", response={201: DecisionOut}, tags=["candidates"])
def decide(request: HttpRequest, candidate_id: int, payload: DecisionIn) -> tuple[int, Decision]:
    """Advance, hold or reject a candidate with a reason (reviewers and above)."""
    actor = actor_of(request)
    candidate = assessment_access.candidate(actor, candidate_id)
    return 201, decisions.decide(actor, candidate, payload.outcome, payload.reason)


def _rows(request: HttpRequest, assessment_id: int, sort: str) -> list[dict[str, Any]]:
    actor = actor_of(request)
    assessment = assessment_access.assessment(actor, assessment_id)
    return comparison.sort(comparison.rows(actor, assessment), sort, False)


@router.get("/assessments/{assessment_id}/comparison", response=list[ComparisonRowOut])
def comparison_rows(request: HttpRequest, assessment_id: int, sort: str = "name") -> list[dict[str, Any]]:
    """One row per candidate who submitted: skills, hidden checks, red flags, time, scorecards, decision."""
    rows = _rows(request, assessment_id, sort)
    return [
        {
            **row,
            "candidate_id": row["id"],
            "minutes_used": row["minutes"],
            "scorecard_average": row["scorecard"],
        }
        for row in rows
    ]


@router.get("/assessments/{assessment_id}/comparison.csv", response={200: str})
def comparison_csv(request: HttpRequest, assessment_id: int, sort: str = "name") -> HttpResponse:
    """The comparison as CSV; a cell that could be read as a formula starts with '."""
    body = comparison.to_csv(_rows(request, assessment_id, sort))
    audit(actor_of(request), audit_events.EXPORT, target_id=str(assessment_id), summary="Candidate comparison as CSV")
    response = HttpResponse(body, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="assessment-{assessment_id}-candidates.csv"'
    return response
