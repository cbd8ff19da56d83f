"""A submission's report, runs, files and line comments over the REST API (same access rules as the pages)."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Router
from ninja.pagination import paginate

from assay.accounts.access import Actor, require_role
from assay.accounts.auth import actor_of
from assay.accounts.pagination import Pagination
from assay.accounts.roles import Role
from assay.audit import events as audit_events
from assay.audit.services import record as audit
from assay.errors import NotFound
from assay.grading import services as grading
from assay.grading.models import GradingRun
from assay.reviews import access
from assay.reviews.models import LineComment, Narrative
from assay.reviews.schemas import (
    CommentEdit,
    CommentIn,
    CommentOut,
    FileEntryOut,
    FileOut,
    RegradeOut,
    ReportOut,
    RunOut,
)
from assay.reviews.services import comments, narrative_display, narratives, snapshot
from assay.reviews.services.narrative_answer import SECTIONS

router = Router(tags=["reviews"])


def _report(actor: Actor, submission_id: int, submission_state: str, run: GradingRun | None) -> dict[str, Any]:
    report = grading.report_of(run) if run else {}
    narrative = narratives.of_run(actor, run)
    return {
        "submission_id": submission_id,
        "submission_state": submission_state,
        "run": run,
        "report": report,
        "narrative": _narrative(narrative) if narrative else None,
    }


def _narrative(narrative: Narrative) -> dict[str, Any]:
    content = narrative.content or {}
    return {
        "label": narrative_display.LABEL,
        "state": narrative.state,
        "reason": narrative.reason,
        "model": narrative.model,
        **{section: content.get(section) or [] for section in SECTIONS},
        "dropped": narrative.dropped,
        "left_out": narrative.left_out or [],
        "tokens_used": narrative.tokens_used,
    }


@router.get("/submissions/{submission_id}/report", response=ReportOut)
def get_report(request: HttpRequest, submission_id: int) -> dict[str, Any]:
    """The latest report of a submission: scores per skill, checks with evidence, findings, stages."""
    actor = actor_of(request)
    submission = access.submission(actor, submission_id)
    return _report(actor, submission.pk, submission.state, grading.latest_run(submission))


@router.get("/submissions/{submission_id}/runs", response=list[RunOut])
def list_runs(request: HttpRequest, submission_id: int) -> list[GradingRun]:
    """Every grading run of a submission, newest first."""
    return grading.runs_of(access.submission(actor_of(request), submission_id))


@router.get("/submissions/{submission_id}/runs/{number}", response=ReportOut)
def get_run(request: HttpRequest, submission_id: int, number: int) -> dict[str, Any]:
    """One run of a submission with its report."""
    actor = actor_of(request)
    submission = access.submission(actor, submission_id)
    run = grading.run_of(submission, number)
    if run is None:
        raise NotFound(f"Submission {submission_id} has no run {number} in this organization.")
    return _report(actor, submission.pk, submission.state, run)


@router.post("/submissions/{submission_id}/regrade", response={202: RegradeOut})
def regrade(request: HttpRequest, submission_id: int) -> tuple[int, dict[str, Any]]:
    """Grade the submission again (admins and owners); earlier runs are kept."""
    actor = actor_of(request)
    require_role(actor, Role.ADMIN, "re-grade submissions")
    submission = grading.regrade(access.submission(actor, submission_id))
    audit(actor, audit_events.REGRADE, target=submission)
    return 202, {"submission_id": submission.pk, "state": submission.state}


@router.get("/submissions/{submission_id}/files", response=list[FileEntryOut])
def list_files(request: HttpRequest, submission_id: int) -> list[dict[str, Any]]:
    """The submitted files (never a later push), with how many comments each has."""
    actor = actor_of(request)
    submission = access.submission(actor, submission_id)
    counts = comments.counts(actor, submission)
    return [
        {
            "path": e.key,
            "name": e.display,
            "kind": e.kind,
            "size": e.size,
            "target": snapshot.display_name(e.target),
            "comments": counts[e.key],
        }
        for e in snapshot.entries(submission)
        if e.kind != "dir"
    ]


@router.get("/submissions/{submission_id}/file", response=FileOut)
def get_file(request: HttpRequest, submission_id: int, path: str) -> dict[str, Any]:
    """One submitted file's text (?path= a key from the file list), or why it is not shown as text."""
    submission = access.submission(actor_of(request), submission_id)
    shown = snapshot.content(submission, path)
    entry = shown.entry
    return {
        "path": entry.key,
        "name": entry.display,
        "kind": entry.kind,
        "size": entry.size,
        "text": shown.text,
        "reason": shown.reason,
    }


@router.get("/submissions/{submission_id}/comments", response=list[CommentOut], tags=["comments"])
@paginate(Pagination)
def list_comments(request: HttpRequest, submission_id: int) -> QuerySet[LineComment]:
    """The line comments on a submission, by file and line."""
    actor = actor_of(request)
    return comments.of_submission(actor, access.submission(actor, submission_id))


@router.post("/submissions/{submission_id}/comments", response={201: CommentOut}, tags=["comments"])
def add_comment(request: HttpRequest, submission_id: int, payload: CommentIn) -> tuple[int, LineComment]:
    """Comment on a line of a submitted file, or reply to a comment (reviewers and above)."""
    actor = actor_of(request)
    submission = access.submission(actor, submission_id)
    data = payload.dict()
    return 201, comments.add(actor, submission, **data)


@router.get("/comments/{comment_id}", response=CommentOut, tags=["comments"])
def get_comment(request: HttpRequest, comment_id: int) -> LineComment:
    """One line comment."""
    return access.comment(actor_of(request), comment_id)


@router.patch("/comments/{comment_id}", response=CommentOut, tags=["comments"])
def edit_comment(request: HttpRequest, comment_id: int, payload: CommentEdit) -> LineComment:
    """Change a comment's text (its author only)."""
    actor = actor_of(request)
    return comments.edit(actor, access.comment(actor, comment_id), payload.body)


@router.delete("/comments/{comment_id}", response={204: None}, tags=["comments"])
def delete_comment(request: HttpRequest, comment_id: int) -> tuple[int, None]:
    """Delete a comment (its author only); its replies go with it."""
    actor = actor_of(request)
    comments.delete(actor, access.comment(actor, comment_id))
    return 204, None
