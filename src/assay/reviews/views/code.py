"""The candidate's code: the diff against the starter (the default view), a file, the archive download."""

from __future__ import annotations

from typing import Any, cast

from django.http import FileResponse, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_GET

from assay.accounts.access import Actor, require_role
from assay.accounts.decorators import member_required
from assay.accounts.requests import TeamRequest
from assay.accounts.roles import Role
from assay.audit import events as audit_events
from assay.audit.services import record as audit
from assay.challenges.brief import render_brief
from assay.reviews import access, blind, markup
from assay.reviews.services import comments, diff, highlight, snapshot, tree
from assay.submissions.models import Submission
from assay.submissions.services import archive_path


def _tree(actor: Actor, submission: Submission, current: str = "") -> dict[str, Any]:
    rows, more = tree.rows(snapshot.entries(submission), comments.counts(actor, submission))
    html = markup.tree_list(submission.pk, rows, current)
    blind_now = blind.hidden_submission(actor, submission) is not None
    return {"tree_html": html, "tree_more": more, "can_comment": actor.can(Role.REVIEWER), "blind": blind_now}


@require_GET
@member_required
def changes(request: TeamRequest, submission_id: int) -> HttpResponse:
    actor = request.actor
    submission = access.submission(actor, submission_id)
    blind.mask_submission(actor, submission)
    shown, rest = diff.changes(submission)
    base = reverse("reviews:file", args=[submission.pk])
    context = {
        "submission": submission,
        "diffs": markup.diff_sections(base, shown),
        "more_changes": len(rest),
        "more_changes_html": markup.changed_names(base, rest[: diff.MAX_LISTED]),
        # Safe: render_brief escapes raw HTML and refuses javascript: links (see assay.challenges.brief).
        "readme_html": mark_safe(render_brief(snapshot.readme(submission))),  # noqa: S308
        **_tree(actor, submission),
    }
    return render(request, "reviews/code.html", context)


def _line_number(value: str | None) -> int | None:
    return int(value) if value and value.isdigit() else None


@require_GET
@member_required
def file(request: TeamRequest, submission_id: int) -> HttpResponse:
    """One file with line numbers and anchors (#L12); ?line=N opens the comment form under line N."""
    actor = request.actor
    submission = access.submission(actor, submission_id)
    blind.mask_submission(actor, submission)
    key = request.GET.get("path", "")
    if not key:
        return redirect("reviews:code", submission_id=submission.pk)
    shown = snapshot.content(submission, key)
    threads = comments.of_file(actor, submission, shown.entry.key)
    lines = highlight.lines(shown.text, shown.entry.name) if shown.text is not None else []
    context = {
        "submission": submission,
        "file": shown,
        "lines": [(n, html, cut, threads.get(n, [])) for n, (html, cut) in enumerate(lines, start=1)],
        "comment_line": _line_number(request.GET.get("line")),
        **_tree(actor, submission, shown.entry.key),
    }
    return render(request, "reviews/file.html", context)


@require_GET
@member_required
def archive(request: TeamRequest, submission_id: int) -> HttpResponse:
    actor = request.actor
    require_role(actor, Role.ADMIN, "download submitted files")
    submission = access.submission(actor, submission_id)
    blind.require_download(actor, submission)
    audit(actor, audit_events.EXPORT, target=submission, summary="Submitted files")
    name = f"submission-{submission.pk}-{submission.archive_sha256[:12]}.tar.gz"
    # Streamed (a snapshot may be large); member_required's View type names HttpResponse, hence the cast.
    return cast(HttpResponse, FileResponse(archive_path(submission).open("rb"), as_attachment=True, filename=name))
