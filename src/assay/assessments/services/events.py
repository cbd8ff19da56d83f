"""The candidate's timeline, and moving a candidate from one state to the next."""

from __future__ import annotations

from typing import Any

from assay.assessments.models import Candidate, CandidateEvent

CANDIDATE = "candidate"
ASSAY = "Assay"
# What a move refreshes: every column but the assessment and organization, which never change. Refreshing those
# too would drop the assessment and challenge version the caller loaded with the candidate, and the candidate's
# page would fetch them again, one query each.
CHANGING = [f.attname for f in Candidate._meta.concrete_fields if f.name not in ("assessment", "organization")]


def record(candidate: Candidate, kind: str, detail: str = "", by: str = "") -> CandidateEvent:
    return CandidateEvent.objects.create(candidate=candidate, kind=kind, detail=detail[:500], by=by[:200])


def move(candidate: Candidate, frm: tuple[str, ...], to: str, **fields: Any) -> bool:
    """Set ``candidate``'s state to ``to`` if it is in ``frm`` now: a conditional UPDATE, so two requests
    (or a request and the periodic job) never both make the same move. Refreshes ``candidate``."""
    moved = Candidate.objects.filter(pk=candidate.pk, state__in=frm).update(state=to, **fields)
    candidate.refresh_from_db(fields=CHANGING)
    return bool(moved)
