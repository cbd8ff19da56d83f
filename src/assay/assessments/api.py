"""Assessments and their candidates over the REST API."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Router
from ninja.pagination import paginate

from assay.accounts.auth import actor_of
from assay.accounts.pagination import Pagination
from assay.assessments import access, identity, services
from assay.assessments.models import Assessment, Candidate
from assay.assessments.schemas import AssessmentIn, AssessmentOut, AssessmentPatch, CandidateIn, CandidateOut
from assay.challenges.access import challenge_for
from assay.errors import InvalidInput, NotFound

router = Router(tags=["assessments"])


@router.get("/assessments", response=list[AssessmentOut])
@paginate(Pagination)
def list_assessments(request: HttpRequest, archived: bool | None = None) -> QuerySet[Assessment]:
    """The organization's assessments, newest first; ?archived=false leaves out archived ones."""
    found = access.assessments(actor_of(request))
    return found if archived is None else found.filter(archived_at__isnull=not archived)


@router.post("/assessments", response={201: AssessmentOut})
def create_assessment(request: HttpRequest, payload: AssessmentIn) -> tuple[int, Assessment]:
    """Create an assessment on a library challenge's current version (admins and owners)."""
    actor = actor_of(request)
    try:
        challenge = challenge_for(actor, payload.challenge)
    except NotFound as error:
        raise InvalidInput(error.detail, fields={"challenge": [error.detail]}) from None
    data = payload.dict(exclude={"challenge"})
    return 201, services.create_assessment(actor, challenge=challenge, **data)


@router.get("/assessments/{assessment_id}", response=AssessmentOut)
def get_assessment(request: HttpRequest, assessment_id: int) -> Assessment:
    """One assessment."""
    return access.assessment(actor_of(request), assessment_id)


@router.patch("/assessments/{assessment_id}", response=AssessmentOut)
def update_assessment(request: HttpRequest, assessment_id: int, payload: AssessmentPatch) -> Assessment:
    """Change an assessment's title, limits, instructions, reviewers or breakdown (admins and owners)."""
    actor = actor_of(request)
    return services.update_assessment(actor, access.assessment(actor, assessment_id), **payload.dict())


@router.get("/assessments/{assessment_id}/candidates", response=list[CandidateOut], tags=["candidates"])
@paginate(Pagination)
def list_candidates(request: HttpRequest, assessment_id: int) -> list[Candidate]:
    """The candidates of an assessment with their state and score (aliases under blind review)."""
    actor = actor_of(request)
    return identity.mask(actor, access.candidates(actor).filter(assessment=access.assessment(actor, assessment_id)))


@router.post(
    "/assessments/{assessment_id}/candidates", response={200: CandidateOut, 201: CandidateOut}, tags=["candidates"]
)
def invite_candidate(request: HttpRequest, assessment_id: int, payload: CandidateIn) -> tuple[int, Candidate]:
    """Invite a candidate by email; the same email again answers 200 with the existing candidate."""
    actor = actor_of(request)
    candidate, created = services.invite(actor, access.assessment(actor, assessment_id), payload.name, payload.email)
    return (201 if created else 200), candidate


@router.get("/candidates/{candidate_id}", response=CandidateOut, tags=["candidates"])
def get_candidate(request: HttpRequest, candidate_id: int) -> Candidate:
    """One candidate with state, times and score (an alias under blind review)."""
    actor = actor_of(request)
    return identity.mask(actor, [access.candidate(actor, candidate_id)])[0]


@router.delete("/candidates/{candidate_id}", response={204: None}, tags=["candidates"])
def erase(request: HttpRequest, candidate_id: int) -> tuple[int, None]:
    """Erase the candidate and everything kept of them (admins and owners); the audit log keeps only the fact."""
    actor = actor_of(request)
    services.erase_candidate(actor, access.candidate(actor, candidate_id))
    return 204, None
