"""The pages and API lists a team reads most ask the database a fixed number of times, however many candidates an
assessment has: the load benchmark (bench/load_pages.py) reads them with 50 candidates per assessment, and a query
per candidate row made the assessment page miss its aim there."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from assay.assessments import links
from assay.assessments.models import Assessment, Candidate
from assay.grading.models import GradingRun, StageResult
from assay.reviews.models import BlindReview, IdentityReveal
from assay.submissions.models import Submission
from tests.conftest import Team

pytestmark = pytest.mark.django_db


def _season(assessment: Assessment, make_candidate: Callable[..., Candidate], count: int) -> None:
    """``count`` candidates: a third invited, a third being graded (a stage done), a third graded; one revealed."""
    for n in range(count):
        candidate = make_candidate(f"c{n}@example.test", f"Candidate {n}", of=assessment)
        if n % 3 == 0:
            continue
        state = Submission.State.RUNNING if n % 3 == 1 else Submission.State.GRADED
        submission = Submission.objects.create(
            organization=assessment.organization,
            challenge_version=assessment.challenge_version,
            stack="python",
            label=candidate.name,
            archive="x",
            archive_sha256="0" * 64,
            state=state,
            score=80.0 if state == Submission.State.GRADED else None,
            commit="a" * 40,
        )
        run = GradingRun.objects.create(submission=submission, number=1, worker="w")
        for position, title in enumerate(("Install dependencies", "Start the service"), 1):
            StageResult.objects.create(run=run, position=position, name=title, title=title, status="passed")
        Candidate.objects.filter(pk=candidate.pk).update(state="submitted", submission=submission)
    IdentityReveal.objects.create(candidate=assessment.candidates.last(), by_label="Olive Owner")


def _queries(client: Client, path: str) -> int:
    """The queries of one request, less the rate limiter's counter (it adds a row when a new window starts)."""
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path)
    assert response.status_code == 200, (path, response.status_code)
    return len([q for q in captured.captured_queries if "ratecounter" not in q["sql"]])


# Pinned: a change that adds a query per page is a choice to make knowingly; one per candidate row is a bug.
# Under blind review a reviewer's lists ask two more (is the assessment blind, who was revealed).
PINNED = {
    "owner": {"assessment page": 8, "candidates table": 6, "API candidates list": 3},
    "reviewer": {"assessment page": 10, "candidates table": 8, "API candidates list": 5},
}


@pytest.mark.parametrize("who", ["owner", "reviewer"])
def test_the_assessment_page_and_the_candidates_list_ask_the_same_whatever_the_candidates(
    team: Team, make_assessment: Callable[..., Assessment], make_candidate: Callable[..., Candidate], who: str
) -> None:
    small, large = make_assessment(title="Small"), make_assessment(title="Large")
    _season(small, make_candidate, 3)
    _season(large, make_candidate, 30)
    for assessment in (small, large):  # blind review: the reviewer sees aliases, one reveal excepted
        BlindReview.objects.create(assessment=assessment, enabled_by="Olive Owner")
    page, api = team.client(who), team.api(who)
    api.get("/api/v1/assessments")  # a key's first use records itself once
    pages = {
        "assessment page": (page, "/assessments/{}/"),
        "candidates table": (page, "/assessments/{}/candidates/"),
        "API candidates list": (api, "/api/v1/assessments/{}/candidates"),
    }
    counts = {
        name: [_queries(client, path.format(a.pk)) for a in (small, large)] for name, (client, path) in pages.items()
    }
    assert counts == {name: [pinned, pinned] for name, pinned in PINNED[who].items()}
    masked = api.get(f"/api/v1/assessments/{large.pk}/candidates").json()["items"]
    aliases = [c["name"].startswith("Candidate ") and c["email"] == "hidden (blind review)" for c in masked]
    assert aliases == ([True] * 29 + [False] if who == "reviewer" else [False] * 30)


def test_the_candidates_own_page_loads_its_assessment_and_challenge_once(
    make_candidate: Callable[..., Candidate],
) -> None:
    link = f"/c/{links.token_for(make_candidate())}/"
    browser = Client()
    browser.get(link)  # the first visit marks the invitation opened
    assert _queries(browser, link) == 3  # the candidate with its assessment and version, the move, its own columns
