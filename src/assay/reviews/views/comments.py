"""Line comments: reviewers and above add and reply; their authors edit and delete; every member reads."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.http import HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from assay.accounts.decorators import member_required
from assay.accounts.requests import TeamRequest
from assay.reviews import access
from assay.reviews.models import LineComment
from assay.reviews.services import comments


def _at(comment: LineComment) -> HttpResponseRedirect:
    query = urlencode({"path": comment.path})
    url = reverse("reviews:file", args=[comment.submission_id])
    return HttpResponseRedirect(f"{url}?{query}#comment-{comment.pk}")


def _number(value: str | None) -> int:
    return int(value) if value and value.isdigit() else 0


@require_POST
@member_required
def add(request: TeamRequest, submission_id: int) -> HttpResponse:
    actor = request.actor
    submission = access.submission(actor, submission_id)
    comment = comments.add(
        actor,
        submission,
        path=request.POST.get("path", ""),
        line=_number(request.POST.get("line")),
        body=request.POST.get("body", ""),
        parent_id=_number(request.POST.get("parent")) or None,
    )
    messages.success(request, f"Comment added on line {comment.line}.")
    return _at(comment)


@require_GET
@member_required
def show(request: TeamRequest, comment_id: int) -> HttpResponse:
    """A comment's own URL: the file view, scrolled to the comment."""
    return _at(access.comment(request.actor, comment_id))


@require_POST
@member_required
def edit(request: TeamRequest, comment_id: int) -> HttpResponse:
    actor = request.actor
    comment = comments.edit(actor, access.comment(actor, comment_id), request.POST.get("body", ""))
    messages.success(request, "Comment saved.")
    return _at(comment)


@require_POST
@member_required
def delete(request: TeamRequest, comment_id: int) -> HttpResponse:
    actor = request.actor
    comment = access.comment(actor, comment_id)
    comments.delete(actor, comment)
    messages.success(request, "Comment deleted.")
    url = reverse("reviews:file", args=[comment.submission_id])
    return HttpResponseRedirect(f"{url}?{urlencode({'path': comment.path})}#L{comment.line}")
