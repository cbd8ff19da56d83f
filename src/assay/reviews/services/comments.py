"""Threaded line comments on a submission's files: reviewers and above write, every member reads."""

from __future__ import annotations

from collections import Counter

from django.db.models import QuerySet
from django.utils import timezone

from assay.accounts.access import Actor, require_role
from assay.accounts.roles import Role
from assay.errors import InvalidInput
from assay.reviews import access
from assay.reviews.models import MAX_COMMENT_CHARS, LineComment
from assay.reviews.services import snapshot
from assay.submissions.models import Submission


def _clean(body: str) -> str:
    body = (body or "").strip()
    if not body:
        raise InvalidInput("Write something to comment.", fields={"body": ["A comment needs some text."]})
    if len(body) > MAX_COMMENT_CHARS:
        raise InvalidInput(
            f"A comment is at most {MAX_COMMENT_CHARS} characters.", fields={"body": ["This comment is too long."]}
        )
    return body


def add(
    actor: Actor,
    submission: Submission,
    *,
    path: str,
    line: int,
    body: str,
    parent_id: int | None = None,
) -> LineComment:
    """A new comment on ``path`` at ``line``, or a reply in the thread ``parent_id`` starts."""
    require_role(actor, Role.REVIEWER, "comment on code")
    parent = None
    if parent_id:
        parent = access.comment(actor, parent_id)
        if parent.submission_id != submission.pk:
            raise InvalidInput("A reply belongs to a comment of the same submission.", fields={"parent": ["Unknown."]})
        parent = parent.parent or parent  # threads are one level deep
        path, line = parent.path, parent.line
    entry = snapshot.entry(submission, path)
    if line < 1:
        raise InvalidInput("Lines are numbered from 1.", fields={"line": ["Lines are numbered from 1."]})
    return LineComment.objects.create(
        organization=submission.organization,
        submission=submission,
        path=entry.key,
        line=line,
        parent=parent,
        author=actor.user,
        author_label=actor.label[:200],
        body=_clean(body),
    )


def edit(actor: Actor, comment: LineComment, body: str) -> LineComment:
    access.require_author(actor, comment, "edit this comment")
    comment.body = _clean(body)
    comment.edited_at = timezone.now()
    comment.save(update_fields=["body", "edited_at"])
    return comment


def delete(actor: Actor, comment: LineComment) -> None:
    access.require_author(actor, comment, "delete this comment")
    comment.delete()


def of_submission(actor: Actor, submission: Submission) -> QuerySet[LineComment]:
    return access.comments(actor).filter(submission=submission)


def of_file(actor: Actor, submission: Submission, key: str) -> dict[int, list[LineComment]]:
    """The file's threads by line: each thread's first comment, then its replies, oldest first."""
    by_line: dict[int, list[LineComment]] = {}
    threads = of_submission(actor, submission).filter(path=key).order_by("line", "created_at", "id")
    roots = [c for c in threads if c.parent_id is None]
    replies = [c for c in threads if c.parent_id is not None]
    for root in roots:
        by_line.setdefault(root.line, []).append(root)
        by_line[root.line] += [r for r in replies if r.parent_id == root.pk]
    return by_line


def counts(actor: Actor, submission: Submission) -> Counter[str]:
    """How many comments each file has, by key (the file tree shows them)."""
    return Counter(of_submission(actor, submission).values_list("path", flat=True))
