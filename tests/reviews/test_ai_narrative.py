"""The AI reviewer's narrative, written by a task after grading against a fake model endpoint (see
fake_reviewer_endpoint.py): kept when it cites real findings and files, "no narrative" when the endpoint is
slow, failing or malformed, within the budgets, and never a change to any score."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from assay.grading.models import GradingRun
from assay.reviews.models import AIReviewer, Narrative
from assay.reviews.services import ai_settings
from assay.submissions.models import Submission
from tests.conftest import Team
from tests.reviews.conftest import ENDPOINT_KEY as KEY
from tests.reviews.conftest import SOLUTION_APP, grade, run_tasks
from tests.reviews.fake_reviewer_endpoint import RETRY_AFTER, USAGE, FakeReviewerEndpoint

# A real task worker runs the narrative: it opens and closes its own database connections.
pytestmark = pytest.mark.django_db(transaction=True)

TOKENS = USAGE["prompt_tokens"] + USAGE["completion_tokens"]


def _scores(submission: Submission) -> list[Any]:
    submission.refresh_from_db()
    runs = GradingRun.objects.filter(submission=submission).order_by("number")
    return [submission.score, [(r.score, r.skills, r.report["score"], r.report["skills"]) for r in runs]]


def _score_kept(submission: Submission, before: list[Any] | None = None) -> None:
    """The scores the report holds are those the grading computed, with or without a narrative."""
    run = GradingRun.objects.get(submission=submission)
    assert run.score == run.report["score"] == submission.score
    if before is not None:
        assert _scores(submission) == before


def test_off_by_default_nothing_is_sent(team: Team, endpoint: FakeReviewerEndpoint, narrated: Callable) -> None:
    submission, narrative = narrated()
    assert narrative is None and endpoint.requests == []
    assert "AI reviewer's narrative" not in team.client("viewer").get(f"/submissions/{submission.pk}/").content.decode()


def test_a_narrative_with_citations_is_shown_labelled_and_escaped(
    team: Team, reviewer: AIReviewer, endpoint: FakeReviewerEndpoint, narrated: Callable
) -> None:
    submission, narrative = narrated()
    assert narrative is not None and narrative.state == Narrative.State.WRITTEN, narrative and narrative.reason
    [request] = endpoint.requests
    assert request.headers["Authorization"] == f"Bearer {KEY}" and request.body["model"] == "fake-reviewer"
    prompt = endpoint.prompts[0]
    assert '"id": "F1"' in prompt and "py.bare_except" in prompt and '<file path="app.py">' in prompt
    assert narrative.tokens_used == TOKENS and narrative.tokens_reserved == 0 and narrative.dropped == 0
    assert narrative.content["risks"] == [
        {"text": "F1 points at error handling worth a look.", "citations": [{"finding": "F1"}]}
    ]
    _score_kept(submission)

    page = team.client("viewer").get(f"/submissions/{submission.pk}/").content.decode()
    assert "AI-written." in page and "not part of the score" in page
    assert "&lt;b&gt;readable&lt;/b&gt;" in page and "<b>readable</b>" not in page
    assert '<a href="#finding-py-bare_except">F1 py.bare_except</a>' in page
    assert f'<a href="/submissions/{submission.pk}/file/?path=app.py">app.py</a>' in page
    print(page[page.index("narrative-title") : page.index("narrative-title") + 2500])
    assert f'<a href="/submissions/{submission.pk}/file/?path=app.py#L3">app.py:3</a>' in page

    api = team.client("viewer").get(f"/api/v1/submissions/{submission.pk}/report").json()
    assert api["narrative"]["state"] == "written" and "not part of the score" in api["narrative"]["label"]
    assert api["narrative"]["interview_questions"][0]["citations"] == [
        {"finding": "F1", "path": None, "line": None},
        {"finding": None, "path": "app.py", "line": 3},
    ]
    assert api["report"]["score"] == submission.score


def test_an_item_citing_what_does_not_exist_is_dropped(
    reviewer: AIReviewer, endpoint: FakeReviewerEndpoint, narrated: Callable
) -> None:
    endpoint.mode = "bogus_citation"
    _, narrative = narrated()
    assert narrative is not None and narrative.state == Narrative.State.WRITTEN
    assert narrative.dropped == 1
    assert [item["text"] for item in narrative.content["risks"]] == ["F1 points at error handling worth a look."]
    assert "billing" not in str(narrative.content)


def test_a_slow_endpoint_gives_no_narrative_and_is_not_asked_again(
    team: Team, reviewer: AIReviewer, endpoint: FakeReviewerEndpoint, narrated: Callable
) -> None:
    endpoint.mode = "slow"
    submission, narrative = narrated()
    assert narrative is not None and narrative.state == Narrative.State.NONE
    assert narrative.reason == "the endpoint did not answer within 1 seconds"
    assert len(endpoint.requests) == 1 and narrative.tokens_used == 0 and narrative.tokens_reserved == 0
    _score_kept(submission)
    page = team.client("viewer").get(f"/submissions/{submission.pk}/").content.decode()
    assert "No narrative: the endpoint did not answer within 1 seconds." in page


def test_a_server_error_is_tried_again(
    reviewer: AIReviewer, endpoint: FakeReviewerEndpoint, narrated: Callable
) -> None:
    endpoint.mode = "error_then_good"
    submission, narrative = narrated()
    assert narrative is not None and narrative.state == Narrative.State.WRITTEN
    assert len(endpoint.requests) == 2
    _score_kept(submission)


def test_a_429_is_tried_again_after_the_wait_it_asks_for(
    reviewer: AIReviewer, endpoint: FakeReviewerEndpoint, narrated: Callable
) -> None:
    endpoint.mode = "rate_limited"
    _, narrative = narrated()
    assert narrative is not None and narrative.state == Narrative.State.WRITTEN
    first, second = endpoint.requests
    assert second.at - first.at >= RETRY_AFTER  # the backoff alone (0.01 s) would have come back sooner


def test_an_endpoint_failing_every_time_is_tried_a_bounded_number_of_times(
    reviewer: AIReviewer, endpoint: FakeReviewerEndpoint, narrated: Callable, caplog: pytest.LogCaptureFixture
) -> None:
    endpoint.mode = "always_error"
    caplog.set_level(logging.DEBUG)
    submission, narrative = narrated()
    assert narrative is not None and narrative.state == Narrative.State.NONE
    assert narrative.reason == "the endpoint answered 503 (3 tries)" and len(endpoint.requests) == 3
    assert "/chat/completions" in caplog.text and KEY not in caplog.text  # the key is never logged
    _score_kept(submission)


def test_a_malformed_answer_gives_no_narrative_and_still_counts_its_tokens(
    team: Team, reviewer: AIReviewer, endpoint: FakeReviewerEndpoint, narrated: Callable
) -> None:
    endpoint.mode = "malformed"
    submission, narrative = narrated()
    assert narrative is not None and narrative.state == Narrative.State.NONE
    assert narrative.reason == "the endpoint's answer was not the JSON asked for"
    assert narrative.tokens_used == TOKENS and narrative.content == {}
    api = team.client("viewer").get(f"/api/v1/submissions/{submission.pk}/report").json()
    assert api["narrative"]["state"] == "none" and api["narrative"]["strengths"] == []


def test_a_spent_monthly_budget_is_refused_before_asking(
    team: Team, reviewer: AIReviewer, endpoint: FakeReviewerEndpoint, narrated: Callable
) -> None:
    narrated()
    assert len(endpoint.requests) == 1
    AIReviewer.objects.filter(pk=reviewer.pk).update(monthly_token_budget=TOKENS)
    _, narrative = narrated()
    assert narrative is not None and narrative.state == Narrative.State.NONE
    assert narrative.reason == f"the organization's token budget for this month ({TOKENS}) is spent"
    assert len(endpoint.requests) == 1
    page = team.client("owner").get("/ai-reviewer/").content.decode()
    assert f"Tokens used this month: {TOKENS} of {TOKENS}." in page


def test_the_code_sent_is_cut_to_the_submission_budget_and_says_what_was_left_out(
    team: Team, reviewer: AIReviewer, endpoint: FakeReviewerEndpoint, narrated: Callable
) -> None:
    AIReviewer.objects.filter(pk=reviewer.pk).update(submission_token_budget=ai_settings.MIN_SUBMISSION_BUDGET)
    big = "# padding\n" * 2000  # about 5,000 tokens: more than the whole budget
    submission, narrative = narrated(files={"app.py": SOLUTION_APP, "notes/big.md": big})
    assert narrative is not None and narrative.state == Narrative.State.WRITTEN
    assert "notes/big.md" in narrative.left_out
    prompt = endpoint.prompts[0]
    assert '<file path="app.py">' in prompt and '<file path="notes/big.md">' not in prompt
    assert "Left out to fit the budget" in prompt and "notes/big.md" in prompt
    page = team.client("viewer").get(f"/submissions/{submission.pk}/").content.decode()
    assert "Not sent to the model, to fit the token budget:" in page and "notes/big.md" in page


def test_grading_is_done_before_the_narrative_is_written(
    team: Team,
    reviewer: AIReviewer,
    endpoint: FakeReviewerEndpoint,
    graded: Callable[..., Submission],
    django_capture_on_commit_callbacks: Any,
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        submission = graded(team.organization)
    # Graded and scored; the narrative only waits in the queue, and nothing was sent yet.
    assert submission.state == Submission.State.GRADED and submission.score is not None
    assert Narrative.objects.get(submission=submission).state == Narrative.State.PENDING
    assert endpoint.requests == []
    page = team.client("viewer").get(f"/submissions/{submission.pk}/").content.decode()
    assert "Waiting to be written; reload the page in a minute." in page


def test_a_spent_submission_budget_gives_a_regrade_no_narrative(
    reviewer: AIReviewer,
    endpoint: FakeReviewerEndpoint,
    narrated: Callable,
    django_capture_on_commit_callbacks: Any,
) -> None:
    submission, first = narrated()
    assert first is not None and first.tokens_used == TOKENS
    AIReviewer.objects.filter(pk=reviewer.pk).update(submission_token_budget=TOKENS)
    with django_capture_on_commit_callbacks(execute=True):
        grade(submission)  # a re-grade: a new run, so a new narrative, of the same submission
    run_tasks()
    second = Narrative.objects.exclude(pk=first.pk).get(submission=submission)
    assert second.state == Narrative.State.NONE
    assert second.reason == f"this submission's token budget ({TOKENS}) is spent"
    assert len(endpoint.requests) == 1


def test_a_narrative_whose_worker_stopped_gives_its_reservation_back(
    team: Team,
    reviewer: AIReviewer,
    endpoint: FakeReviewerEndpoint,
    graded: Callable[..., Submission],
    narrated: Callable,
) -> None:
    earlier = graded(team.organization)
    # Its narrative was claimed by a worker that died a day ago, holding the whole month's budget.
    stuck, _ = Narrative.objects.update_or_create(
        run=GradingRun.objects.get(submission=earlier),
        defaults={
            "organization": team.organization,
            "submission": earlier,
            "state": Narrative.State.WRITING,
            "started_at": timezone.now() - timedelta(days=1),
            "tokens_reserved": reviewer.monthly_token_budget,
        },
    )
    _, narrative = narrated()
    assert narrative is not None and narrative.state == Narrative.State.WRITTEN
    stuck.refresh_from_db()
    assert stuck.state == Narrative.State.NONE and stuck.tokens_reserved == 0
    assert stuck.reason == "the worker writing it stopped before the endpoint answered"
