"""The candidate's code: the diff against the starter (the default view), a file, the archive download."""

from __future__ import annotations

from typing import Any, cast

from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from assay.accounts.access import Actor, require_role
from assay.accounts.roles import Role
from assay.reviews import access, blind
from assay.reviews.services import comments, diff, highlight, snapshot, tree
from assay.submissions.models import Submission
from assay.submissions.services import archive_path
from assay.web.decorators import member_required


def _tree(actor: Actor, submission: Submission) -> dict[str, Any]:
    rows, more = tree.rows(snapshot.entries(submission), comments.counts(actor, submission))
    blind_now = blind.hidden_submission(actor, submission) is not None
    return {"tree": rows, "tree_more": more, "can_comment": actor.can(Role.REVIEWER), "blind": blind_now}


@require_GET
@member_required
def changes(request: HttpRequest, submission_id: int) -> HttpResponse:
    actor = request.actor  # type: ignore[attr-defined]
    submission = access.submission(actor, submission_id)
    blind.mask_submission(actor, submission)
    context = {"submission": submission, "diffs": diff.changes(submission), **_tree(actor, submission)}
    return render(request, "reviews/code.html", context)


def _line_number(value: str | None) -> int | None:
    return int(value) if value and value.isdigit() else None


@require_GET
@member_required
def file(request: HttpRequest, submission_id: int) -> HttpResponse:
    """One file with line numbers and anchors (#L12); ?line=N opens the comment form under line N."""
    actor = request.actor  # type: ignore[attr-defined]
    submission = access.submission(actor, submission_id)
    blind.mask_submission(actor, submission)
    key = request.GET.get("path", "")
    shown = snapshot.content(submission, key)
    threads = comments.of_file(actor, submission, shown.entry.key)
    lines = highlight.lines(shown.text, shown.entry.name) if shown.text is not None else []
    context = {
        "submission": submission,
        "file": shown,
        "lines": [(n, html, cut, threads.get(n, [])) for n, (html, cut) in enumerate(lines, start=1)],
        "comment_line": _line_number(request.GET.get("line")),
        **_tree(actor, submission),
    }
    return render(request, "reviews/file.html", context)


@require_GET
@member_required
def archive(request: HttpRequest, submission_id: int) -> HttpResponse:
    actor = request.actor  # type: ignore[attr-defined]
    require_role(actor, Role.ADMIN, "download submitted files")
    submission = access.submission(actor, submission_id)
    blind.require_download(actor, submission)
    name = f"submission-{submission.pk}-{submission.archive_sha256[:12]}.tar.gz"
    # Streamed (a snapshot may be large); member_required's View type names HttpResponse, hence the cast.
    return cast(HttpResponse, FileResponse(archive_path(submission).open("rb"), as_attachment=True, filename=name))
