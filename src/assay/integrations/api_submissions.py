"""A submission and its snapshot over the REST API (same access rules as the report page)."""

from __future__ import annotations

from typing import Any

from django.http import FileResponse, HttpRequest
from ninja import Router

from assay.accounts.access import require_role
from assay.accounts.auth import actor_of
from assay.accounts.roles import Role
from assay.assessments.models import Candidate
from assay.audit import events as audit_events
from assay.audit.services import record as audit
from assay.integrations.schemas import SubmissionOut, submission_object
from assay.reviews import access, blind
from assay.submissions.services import archive_path

router = Router(tags=["submissions"])
SNAPSHOT_TYPE = "application/gzip"


@router.get("/submissions/{submission_id}", response=SubmissionOut)
def get_submission(request: HttpRequest, submission_id: int) -> dict[str, Any]:
    """One submission: its candidate, commit, grading state and score."""
    submission = access.submission(actor_of(request), submission_id)
    candidate = Candidate.objects.filter(submission=submission).first()
    return submission_object(submission, candidate)


@router.get(
    "/submissions/{submission_id}/snapshot",
    response={200: None},
    openapi_extra={
        "responses": {
            200: {
                "description": "The submitted files as a .tar.gz, exactly as graded.",
                "content": {SNAPSHOT_TYPE: {"schema": {"type": "string", "format": "binary"}}},
            }
        }
    },
)
def download_snapshot(request: HttpRequest, submission_id: int) -> FileResponse:
    """Download the submitted files as a .tar.gz (admins and owners)."""
    actor = actor_of(request)
    require_role(actor, Role.ADMIN, "download submitted files")
    submission = access.submission(actor, submission_id)
    blind.require_download(actor, submission)
    audit(actor, audit_events.EXPORT, target=submission, summary="Submitted files")
    name = f"submission-{submission.pk}-{submission.archive_sha256[:12]}.tar.gz"
    response = FileResponse(archive_path(submission).open("rb"), as_attachment=True, filename=name)
    response["Content-Type"] = SNAPSHOT_TYPE
    return response
