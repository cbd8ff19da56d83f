"""Archiving an assessment and managing its invitations over the REST API: archive, restore, invite many,
resend, withdraw, extend. The same services (and rules) as the pages."""

from __future__ import annotations

import csv
import io
import re

from django.http import HttpRequest
from ninja import Router

from assay.accounts.auth import actor_of
from assay.assessments import access, identity, services
from assay.assessments.models import Assessment, Candidate
from assay.assessments.schemas import (
    AssessmentOut,
    CandidateIn,
    CandidateOut,
    CandidatesIn,
    ExtendIn,
    WithdrawIn,
)
from assay.errors import InvalidInput

router = Router(tags=["assessments"])
LINE = re.compile(r"^line (\d+)$")


@router.post("/assessments/{assessment_id}/archive", response=AssessmentOut)
def archive_assessment(request: HttpRequest, assessment_id: int) -> Assessment:
    """Archive an assessment: nobody new is invited and its open link closes; candidates under way go on."""
    actor = actor_of(request)
    return services.set_archived(actor, access.assessment(actor, assessment_id), archived=True)


@router.post("/assessments/{assessment_id}/restore", response=AssessmentOut)
def restore_assessment(request: HttpRequest, assessment_id: int) -> Assessment:
    """Restore an archived assessment so it invites candidates again."""
    actor = actor_of(request)
    return services.set_archived(actor, access.assessment(actor, assessment_id), archived=False)


def _as_csv(people: list[CandidateIn]) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    for person in people:
        writer.writerow([person.name.replace("\n", " "), person.email])
    return out.getvalue()


@router.post("/assessments/{assessment_id}/candidates/bulk", response={201: list[CandidateOut]}, tags=["candidates"])
def invite_many(request: HttpRequest, assessment_id: int, payload: CandidatesIn) -> tuple[int, list[Candidate]]:
    """Invite up to 1000 candidates at once: all of them, or none when any entry is wrong or already invited."""
    actor = actor_of(request)
    assessment = access.assessment(actor, assessment_id)
    try:
        invited = services.invite_many(actor, assessment, _as_csv(payload.candidates))
    except InvalidInput as error:
        raise InvalidInput(error.detail, fields=_by_entry(error.fields)) from None
    return 201, identity.mask(actor, invited)


def _by_entry(fields: dict[str, list[str]]) -> dict[str, list[str]]:
    """The CSV's "line 3" is the API's "candidates.2" (a zero-based index into the list sent)."""
    renamed = {}
    for name, problems in fields.items():
        line = LINE.match(name)
        renamed[f"candidates.{int(line.group(1)) - 1}" if line else "candidates"] = problems
    return renamed


@router.post("/candidates/{candidate_id}/resend", response=CandidateOut, tags=["candidates"])
def resend(request: HttpRequest, candidate_id: int) -> Candidate:
    """Email the candidate their link again (not started or under way)."""
    actor = actor_of(request)
    candidate = services.resend(actor, access.candidate(actor, candidate_id))
    return identity.mask(actor, [candidate])[0]


@router.post("/candidates/{candidate_id}/withdraw", response=CandidateOut, tags=["candidates"])
def withdraw(request: HttpRequest, candidate_id: int, payload: WithdrawIn) -> Candidate:
    """Withdraw an invitation or stop an assessment under way: the link stops working and pushes close."""
    actor = actor_of(request)
    candidate = services.withdraw(actor, access.candidate(actor, candidate_id), payload.reason)
    return identity.mask(actor, [candidate])[0]


@router.post("/candidates/{candidate_id}/extend", response=CandidateOut, tags=["candidates"])
def extend(request: HttpRequest, candidate_id: int, payload: ExtendIn) -> Candidate:
    """Give more time to start (not started or expired) or to work (started)."""
    actor = actor_of(request)
    candidate = services.extend(
        actor, access.candidate(actor, candidate_id), days=payload.days, minutes=payload.minutes
    )
    return identity.mask(actor, [candidate])[0]
