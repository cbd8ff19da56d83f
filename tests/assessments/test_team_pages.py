"""The hiring team's pages: create an assessment, invite (one, many, twice), follow and decide."""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from assay.assessments.models import Assessment, Candidate
from assay.challenges.models import Challenge
from assay.challenges.services import load_library
from assay.grading.models import GradingRun, StageResult
from assay.submissions.models import Submission
from tests.assessments.conftest import LINK, TINY
from tests.conftest import Team

pytestmark = pytest.mark.django_db


def test_an_admin_creates_an_assessment_on_the_current_version(team: Team, challenge: Challenge) -> None:
    response = team.client("admin").post(
        "/assessments/new/",
        {
            "title": "Platform engineer",
            "challenge": "tiny-api",
            "stacks": ["python"],
            "time_limit_minutes": "90",
            "start_window_days": "3",
            "instructions": "Focus on **tests**. <script>alert(1)</script>",
            "reviewers": [str(team.users["reviewer"].pk)],
        },
    )
    assessment = Assessment.objects.get(title="Platform engineer")
    assert response.status_code == 302
    assert response["Location"] == f"/assessments/{assessment.pk}/"
    assert assessment.challenge_version == challenge.current_version
    assert (assessment.time_limit_minutes, assessment.start_window_days) == (90, 3)
    assert list(assessment.reviewers.all()) == [team.users["reviewer"]]
    page = team.client("viewer").get(f"/assessments/{assessment.pk}/").content.decode()
    assert "<strong>tests</strong>" in page
    assert "<script>alert(1)</script>" not in page and "&lt;script&gt;" in page


def _second_challenge_offering_node(tmp_path: Path) -> None:
    """A challenge offering python and node, so the form lists node while tiny-api still offers python only."""
    package = tmp_path / "library-two" / "tiny-api-two"
    shutil.copytree(TINY, package, ignore=shutil.ignore_patterns("__pycache__", ".cache", ".semgrep"))
    toml = package / "challenge.toml"
    text = toml.read_text().replace('slug = "tiny-api"', 'slug = "tiny-api-two"')
    toml.write_text(text.replace('stacks = ["python"]', 'stacks = ["python", "node"]'))
    shutil.copytree(package / "starters" / "python", package / "starters" / "node")
    shutil.copytree(package / "solutions" / "python", package / "solutions" / "node")
    report = load_library(package.parent, ["tiny-api-two"])
    assert report.ok, report.refused


VALID_ASSESSMENT = {
    "title": "Platform engineer",
    "challenge": "tiny-api",
    "stacks": ["python"],
    "time_limit_minutes": "90",
    "start_window_days": "3",
}


def test_a_stack_the_challenge_does_not_offer_is_refused_with_the_field_marked(
    team: Team, challenge: Challenge, tmp_path: Path
) -> None:
    _second_challenge_offering_node(tmp_path)
    response = team.client("owner").post("/assessments/new/", {**VALID_ASSESSMENT, "stacks": ["node"]})
    assert response.status_code == 422
    assert not Assessment.objects.exists()
    # Only the stacks are marked, with what tiny-api offers; every other field was fine and stays unmarked.
    form = response.context["form"]
    assert form.errors == {"stacks": ["Choose one or more of python."]}
    fieldset = re.search(r"<fieldset>\s*<legend>Stacks</legend>.*?</fieldset>", response.content.decode(), re.S)
    assert fieldset and "Choose one or more of python." in fieldset.group(0)


def test_a_viewer_cannot_create_or_invite(team: Team, assessment: Assessment) -> None:
    viewer = team.client("viewer")
    # A form an admin could submit as it is: the refusal is for the role, not for the input.
    response = viewer.post("/assessments/new/", {**VALID_ASSESSMENT, "title": "By a viewer"})
    assert response.status_code == 403
    assert not Assessment.objects.filter(title="By a viewer").exists()
    response = viewer.post(f"/assessments/{assessment.pk}/invite/", {"name": "A", "email": "a@example.test"})
    assert response.status_code == 403
    assert "Only admins and owners can invite candidates" in response.content.decode()
    assert not Candidate.objects.exists()


def test_another_organizations_assessment_is_a_404(team: Team, assessment: Assessment) -> None:
    response = team.client("outsider").get(f"/assessments/{assessment.pk}/")
    assert response.status_code == 404
    assert assessment.title not in response.content.decode()


def test_inviting_sends_an_email_with_a_personal_link(
    team: Team, assessment: Assessment, mailoutbox: list[Any], django_capture_on_commit_callbacks: Callable
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        response = team.client("admin").post(
            f"/assessments/{assessment.pk}/invite/", {"name": "Cara", "email": "Cara@Example.test"}
        )
    assert response.status_code == 302
    candidate = Candidate.objects.get()
    assert (candidate.email, candidate.state) == ("cara@example.test", "invited")
    assert [m.to for m in mailoutbox] == [["cara@example.test"]]
    assert LINK.search(mailoutbox[0].body)
    assert list(candidate.events.values_list("kind", flat=True)) == ["invited"]


def test_inviting_the_same_email_twice_keeps_one_candidate(
    team: Team, assessment: Assessment, mailoutbox: list[Any], django_capture_on_commit_callbacks: Callable
) -> None:
    client = team.client("owner")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/assessments/{assessment.pk}/invite/", {"name": "Cara", "email": "cara@example.test"})
        response = client.post(
            f"/assessments/{assessment.pk}/invite/", {"name": "Cara C.", "email": "CARA@example.test"}, follow=True
        )
    assert Candidate.objects.count() == 1
    assert "was already invited" in response.content.decode()
    assert len(mailoutbox) == 2  # the second invitation is a resend of the same link
    assert LINK.search(mailoutbox[0].body).group(0) == LINK.search(mailoutbox[1].body).group(0)  # type: ignore[union-attr]


def test_a_csv_with_bad_rows_invites_nobody_and_says_which_rows(
    team: Team,
    assessment: Assessment,
    make_candidate: Callable[..., Candidate],
    mailoutbox: list[Any],
    django_capture_on_commit_callbacks: Callable,
) -> None:
    make_candidate("old@example.test")
    mailoutbox.clear()
    text = "name,email\nAda,ada@example.test\nBob,not-an-email\nAda again,ADA@example.test\nOld,old@example.test\n"
    with django_capture_on_commit_callbacks(execute=True):
        response = team.client("owner").post(f"/assessments/{assessment.pk}/invite-csv/", {"csv": text})
    page = response.content.decode()
    assert response.status_code == 422
    assert "3 of 4 rows need fixing; nobody was invited." in page
    assert "&#x27;not-an-email&#x27; is not an email address." in page
    assert "Duplicate of line 2 in this file." in page
    assert "Already invited to this assessment." in page
    assert mailoutbox == []
    assert Candidate.objects.count() == 1

    fixed = "Ada,ada@example.test\nBob,bob@example.test\n"
    with django_capture_on_commit_callbacks(execute=True):
        response = team.client("owner").post(f"/assessments/{assessment.pk}/invite-csv/", {"csv": fixed})
    assert response.status_code == 302
    assert sorted(m.to[0] for m in mailoutbox) == ["ada@example.test", "bob@example.test"]


def test_a_csv_can_be_uploaded_as_a_file(team: Team, assessment: Assessment) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile("people.csv", b"\xef\xbb\xbfname,email\nZoe,zoe@example.test\n", "text/csv")
    response = team.client("owner").post(f"/assessments/{assessment.pk}/invite-csv/", {"file": upload})
    assert response.status_code == 302
    assert Candidate.objects.get().email == "zoe@example.test"


def test_resend_withdraw_and_extend(
    team: Team, candidate: Candidate, mailoutbox: list[Any], django_capture_on_commit_callbacks: Callable
) -> None:
    client = team.client("admin")
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(f"/assessments/candidates/{candidate.pk}/resend/").status_code == 302
    assert len(mailoutbox) == 1
    before = candidate.start_by
    assert client.post(f"/assessments/candidates/{candidate.pk}/extend/", {"days": "2"}).status_code == 302
    candidate.refresh_from_db()
    assert (candidate.start_by - before).days == 2
    assert client.post(f"/assessments/candidates/{candidate.pk}/withdraw/").status_code == 302
    candidate.refresh_from_db()
    assert candidate.state == "withdrawn"
    kinds = list(candidate.events.values_list("kind", flat=True))
    assert kinds == ["invited", "resent", "extended", "withdrawn"]
    timeline = client.get(f"/assessments/candidates/{candidate.pk}/").content.decode()
    assert "Start window extended" in timeline


def _submitted(candidate: Candidate, state: str = Submission.State.RUNNING) -> Submission:
    assessment = candidate.assessment
    submission = Submission.objects.create(
        organization=assessment.organization,
        challenge_version=assessment.challenge_version,
        stack="python",
        label=candidate.name,
        archive="x",
        archive_sha256="0" * 64,
        state=state,
        commit="a" * 40,
    )
    Candidate.objects.filter(pk=candidate.pk).update(state="submitted", submission=submission)
    return submission


def test_the_candidates_table_polls_while_grading_runs_and_shows_the_stage(team: Team, candidate: Candidate) -> None:
    submission = _submitted(candidate)
    run = GradingRun.objects.create(submission=submission, number=1, worker="w")
    StageResult.objects.create(
        run=run, position=1, name="setup", title="Install dependencies", status="passed", summary=""
    )
    client = team.client("viewer")
    page = client.get(f"/assessments/{candidate.assessment_id}/").content.decode()
    assert 'hx-trigger="every 2s"' in page
    fragment = client.get(f"/assessments/{candidate.assessment_id}/candidates/", HTTP_HX_REQUEST="true")
    assert "Grading: Install dependencies done" in fragment.content.decode()
    assert "<html" not in fragment.content.decode()

    Submission.objects.filter(pk=submission.pk).update(state="graded", score=87.4)
    from assay.grading.signals import submission_graded

    submission_graded.send(Submission, submission_id=submission.pk)
    fragment = client.get(f"/assessments/{candidate.assessment_id}/candidates/").content.decode()
    assert "every 2s" not in fragment
    assert "Graded" in fragment and ">87<" in fragment
    candidate.refresh_from_db()
    assert candidate.state == "graded"
    assert candidate.events.filter(kind="graded", detail="Score 87").exists()


def test_the_candidates_feedback_is_escaped_for_the_team(team: Team, candidate: Candidate) -> None:
    _submitted(candidate, Submission.State.GRADED)
    Candidate.objects.filter(pk=candidate.pk).update(
        survey_difficulty=4, survey_feedback='<img src=x onerror="alert(1)"> [link](javascript:alert(1))'
    )
    page = team.client("reviewer").get(f"/assessments/candidates/{candidate.pk}/").content.decode()
    assert "<img src=x" not in page
    assert "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;" in page
