"""Line comments: reviewers write and reply, authors edit and delete, viewers read, other organizations get 404."""

from __future__ import annotations

from collections.abc import Callable

from django.urls import reverse

from assay.reviews.models import LineComment
from assay.submissions.models import Submission
from tests.conftest import Team
from tests.reviews.conftest import grade, sample_report


def _comment(team: Team, who: str, submission: Submission, body: str = "Why a bare except?", **extra: object):
    data = {"path": "app.py", "line": "3", "body": body, **extra}
    return team.client(who).post(reverse("reviews:comment-add", args=[submission.pk]), data)


def test_a_reviewer_comments_on_a_line_and_a_viewer_reads_it_but_cannot_comment(
    team: Team, graded: Callable[..., Submission]
) -> None:
    submission = graded(team.organization)
    response = _comment(team, "reviewer", submission, "<script>alert(1)</script> Why?")
    assert response.status_code == 302
    comment = LineComment.objects.get()
    assert response["Location"].endswith(f"#comment-{comment.pk}")

    viewer = team.client("viewer")
    page = viewer.get(reverse("reviews:file", args=[submission.pk]), {"path": "app.py", "line": "3"})
    body = page.content.decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt; Why?" in body and "<script>alert(1)" not in body
    assert "Add comment" not in body and "Reply" not in body, "a viewer gets no comment form"
    tree = viewer.get(reverse("reviews:code", args=[submission.pk])).content.decode()
    assert "1 comment" in tree

    refused = _comment(team, "viewer", submission)
    assert refused.status_code == 403
    assert LineComment.objects.count() == 1


def test_replies_thread_under_the_comment_and_only_the_author_edits_or_deletes(
    team: Team, graded: Callable[..., Submission]
) -> None:
    submission = graded(team.organization)
    _comment(team, "reviewer", submission)
    first = LineComment.objects.get()
    _comment(team, "admin", submission, "Agreed.", parent=str(first.pk), line="99")
    reply = LineComment.objects.exclude(pk=first.pk).get()
    assert (reply.parent_id, reply.line) == (first.pk, 3)

    assert team.client("admin").post(reverse("reviews:comment-edit", args=[first.pk]), {"body": "x"}).status_code == 403
    assert (
        team.client("reviewer").post(reverse("reviews:comment-edit", args=[first.pk]), {"body": "Fixed?"}).status_code
        == 302
    )
    first.refresh_from_db()
    assert first.body == "Fixed?" and first.edited_at is not None
    assert team.client("owner").post(reverse("reviews:comment-delete", args=[reply.pk])).status_code == 403
    assert team.client("admin").post(reverse("reviews:comment-delete", args=[reply.pk])).status_code == 302
    assert list(LineComment.objects.values_list("pk", flat=True)) == [first.pk]


def test_comments_belong_to_the_snapshot_and_survive_a_regrade(team: Team, graded: Callable[..., Submission]) -> None:
    submission = graded(team.organization)
    _comment(team, "reviewer", submission)
    grade(submission, sample_report())
    assert submission.runs.count() == 2
    body = team.client("viewer").get(reverse("reviews:file", args=[submission.pk]), {"path": "app.py"}).content.decode()
    assert "Why a bare except?" in body


def test_a_comment_needs_text_and_a_real_file(team: Team, graded: Callable[..., Submission]) -> None:
    submission = graded(team.organization)
    assert _comment(team, "reviewer", submission, "   ").status_code == 422
    assert _comment(team, "reviewer", submission, path="nope.py").status_code == 404
    assert not LineComment.objects.exists()


def test_another_organization_gets_404_on_the_comment(team: Team, graded: Callable[..., Submission]) -> None:
    submission = graded(team.organization)
    _comment(team, "reviewer", submission)
    comment = LineComment.objects.get()
    outsider = team.client("outsider")
    assert outsider.get(reverse("reviews:comment", args=[comment.pk])).status_code == 404
    assert outsider.post(reverse("reviews:comment-delete", args=[comment.pk])).status_code == 404
    assert _comment(team, "outsider", submission).status_code == 404
    own = team.client("viewer").get(reverse("reviews:comment", args=[comment.pk]))
    assert own.status_code == 302 and own["Location"].endswith(f"#comment-{comment.pk}")
