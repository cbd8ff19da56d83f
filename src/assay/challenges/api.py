"""The challenge library over the REST API: what an assessment can be created on."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import File, Router
from ninja.files import UploadedFile
from ninja.pagination import paginate

from assay.accounts.auth import actor_of
from assay.accounts.pagination import Pagination
from assay.challenges import imports
from assay.challenges.access import challenge_for, visible_challenges
from assay.challenges.models import Challenge
from assay.challenges.schemas import ChallengeDetailOut, ChallengeImportOut, ChallengeOut
from assay.challenges.services import NEW, UPDATED

router = Router(tags=["challenges"])


@router.get("/challenges", response=list[ChallengeOut])
@paginate(Pagination)
def list_challenges(request: HttpRequest, category: str | None = None) -> QuerySet[Challenge]:
    """The library's challenges with their current version; ?category=api|database|fullstack|integration filters."""
    found = visible_challenges(actor_of(request)).order_by("slug")
    return found if category is None else found.filter(current_version__category=category)


@router.get("/challenges/{slug}", response=ChallengeDetailOut)
def get_challenge(request: HttpRequest, slug: str) -> Challenge:
    """One challenge with the brief candidates read."""
    return challenge_for(actor_of(request), slug)


@router.post("/challenges", response={200: ChallengeImportOut, 201: ChallengeImportOut})
def import_challenge(request: HttpRequest, archive: File[UploadedFile | None] = None) -> tuple[int, imports.Imported]:
    """Import the organization's own challenge package from a zip or tar archive (admins and owners)."""
    imported = imports.import_upload(actor_of(request), archive)
    return (201 if imported.loaded.status in (NEW, UPDATED) else 200), imported
