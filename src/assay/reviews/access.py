"""Who may see a submission's report, code and comments: the members of the organization that owns it.

Another organization's submission or comment is absent from these querysets, so asking for it is a 404.
Reading is for every member; commenting needs the reviewer role; re-grading and downloading the files
need admin (see ``require_role`` in assay.accounts.access).
"""

from __future__ import annotations

from django.core.exceptions import ObjectDoesNotExist
from django.db.models import QuerySet

from assay.accounts.access import Actor, require_role
from assay.accounts.roles import Role
from assay.errors import NotFound, PermissionDenied
from assay.reviews.models import LineComment
from assay.submissions.models import Submission


def submissions(actor: Actor) -> QuerySet[Submission]:
    return Submission.objects.filter(organization=actor.organization).select_related("challenge_version__challenge")


def submission(actor: Actor, submission_id: int) -> Submission:
    try:
        return submissions(actor).get(pk=submission_id)
    except ObjectDoesNotExist:
        raise NotFound(f"No submission with id {submission_id} in this organization.") from None


def comments(actor: Actor) -> QuerySet[LineComment]:
    return LineComment.objects.filter(organization=actor.organization).select_related("author", "submission")


def comment(actor: Actor, comment_id: int) -> LineComment:
    try:
        return comments(actor).get(pk=comment_id)
    except ObjectDoesNotExist:
        raise NotFound(f"No comment with id {comment_id} in this organization.") from None


def require_author(actor: Actor, line_comment: LineComment, action: str) -> None:
    """Only the comment's author may edit or delete it (an API key has no author, so never)."""
    require_role(actor, Role.REVIEWER, action)
    if actor.user is None or line_comment.author_id != actor.user.pk:
        raise PermissionDenied(f"Only the author of a comment can {action}.")
