"""The candidate's side through their link: bad links, opening, starting, uploading, submitting, the survey."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from django.core import signing
from django.test import Client
from django.utils import timezone

from assay.assessments import links
from assay.assessments.models import Assessment, Candidate
from assay.assessments.services.workflow import repository_of
from assay.repos import services as repos
from assay.submissions.models import Submission
from tests.assessments.conftest import link_path
from tests.conftest import Team

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _repos_dir(settings: Any, tmp_path: Any) -> None:
    settings.ASSAY_REPOS_DIR = tmp_path / "repos"


def test_a_tampered_link_is_a_clear_404(candidate: Candidate) -> None:
    token = links.token_for(candidate)
    for bad in (token[:-2] + ("AA" if not token.endswith("AA") else "BB"), "garbage", token.replace(":", "x", 1)):
        response = Client().get(f"/c/{bad}/")
        assert response.status_code == 404, bad
        assert "This link is not valid" in response.content.decode()
    for action in ("start/", "submit/", "upload/", "survey/"):
        assert Client().post(f"/c/garbage/{action}").status_code == 404


def test_a_link_is_the_same_every_time_and_an_older_timestamped_link_still_opens(candidate: Candidate) -> None:
    assert links.token_for(candidate) == links.token_for(candidate)
    older = signing.dumps(candidate.public_id.hex, salt=links.SALT, compress=False)
    assert older != links.token_for(candidate)
    assert Client().get(f"/c/{older}/").status_code == 200


def test_an_expired_link_says_so_and_the_team_can_extend_it(team: Team, candidate: Candidate) -> None:
    Candidate.objects.filter(pk=candidate.pk).update(start_by=timezone.now() - timedelta(minutes=1))
    response = Client().get(link_path(candidate))
    assert response.status_code == 410
    assert "This invitation expired on" in response.content.decode()
    assert Client().post(link_path(candidate, "start/"), {"stack": "python"}).status_code == 410

    team.client("admin").post(f"/assessments/candidates/{candidate.pk}/extend/", {"days": "1"})
    assert Client().get(link_path(candidate)).status_code == 200


def test_a_revoked_link_says_it_was_withdrawn(team: Team, candidate: Candidate) -> None:
    team.client("admin").post(f"/assessments/candidates/{candidate.pk}/withdraw/")
    response = Client().get(link_path(candidate))
    assert response.status_code == 410
    assert "withdrawn by the hiring team" in response.content.decode()


def test_opening_the_link_shows_the_brief_safely_and_records_it(
    make_assessment: Callable[..., Assessment], make_candidate: Callable[..., Candidate]
) -> None:
    assessment = make_assessment(instructions="Read <b>this</b> [x](javascript:alert(1))", time_limit_minutes=45)
    candidate = make_candidate(of=assessment)
    page = Client().get(link_path(candidate)).content.decode()
    assert "Tiny items API" in page and "45 minutes" in page
    assert "&lt;b&gt;this&lt;/b&gt;" in page and 'href="javascript' not in page
    assert "<script>" not in page.replace('<script src="/static/', "")  # only static scripts (CSP)
    candidate.refresh_from_db()
    assert candidate.state == "opened"
    Client().get(link_path(candidate))
    assert list(candidate.events.values_list("kind", flat=True)) == ["invited", "opened"]


def _start(candidate: Candidate) -> Candidate:
    response = Client().post(link_path(candidate, "start/"), {"stack": "python"})
    assert response.status_code == 302, response.content.decode()[:500]
    candidate.refresh_from_db()
    return candidate


def test_starting_creates_the_repository_and_shows_the_clone_command(candidate: Candidate) -> None:
    _start(candidate)
    assert candidate.state == "started" and candidate.stack == "python"
    assert candidate.deadline - candidate.started_at == timedelta(minutes=240)  # type: ignore[operator]
    repository = repository_of(candidate)
    assert repos.head_commit(repository)
    page = Client().get(link_path(candidate)).content.decode()
    assert f"git clone {repos.authenticated_clone_url(repository, 'http://127.0.0.1:8000')}" in page
    assert candidate.deadline.isoformat()[:16] in page  # type: ignore[union-attr]
    again = Client().post(link_path(candidate, "start/"), {"stack": "python"})
    assert again.status_code == 409


def test_a_stack_not_offered_is_refused(candidate: Candidate) -> None:
    response = Client().post(link_path(candidate, "start/"), {"stack": "cobol"})
    assert response.status_code == 422
    candidate.refresh_from_db()
    assert candidate.state == "opened"


def _zip(files: dict[str, str]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, text in files.items():
            archive.writestr(name, text)
    return buffer.getvalue()


def test_upload_then_submit_freezes_the_head_and_closes_pushes(
    candidate: Candidate, django_capture_on_commit_callbacks: Callable
) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    _start(candidate)
    upload = SimpleUploadedFile("work.zip", _zip({"app.py": "print('hi')\n", "assay.toml": 'start = "x"\n'}))
    assert Client().post(link_path(candidate, "upload/"), {"archive": upload}).status_code == 302
    head = repos.head_commit(repository_of(candidate))

    with django_capture_on_commit_callbacks(execute=False):  # grading is queued, not run, here
        response = Client().post(link_path(candidate, "submit/"), follow=True)
    page = response.content.decode()
    candidate.refresh_from_db()
    assert candidate.state == "submitted" and not candidate.submitted_automatically
    assert candidate.submission is not None
    assert (candidate.submission.commit, candidate.submission.source) == (head, Submission.Source.PUSH)
    assert head in page
    repository = repository_of(candidate)
    assert not repository.is_open
    assert "This assessment was submitted at" in repository.closed_message
    assert "pushes are closed" in repository.closed_message
    assert Client().post(link_path(candidate, "submit/")).status_code == 409
    late = SimpleUploadedFile("late.zip", _zip({"late.txt": "x"}))
    assert Client().post(link_path(candidate, "upload/"), {"archive": late}).status_code == 409
    assert repos.head_commit(repository) == head  # nothing lost, nothing added

    survey = {"difficulty": "3", "minutes": "120", "feedback": "<b>fun</b>"}
    assert Client().post(link_path(candidate, "survey/"), survey).status_code == 302
    candidate.refresh_from_db()
    assert (candidate.survey_difficulty, candidate.survey_minutes, candidate.survey_feedback) == (3, 120, "<b>fun</b>")


def test_a_broken_upload_is_refused_and_keeps_the_work(candidate: Candidate) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    _start(candidate)
    head = repos.head_commit(repository_of(candidate))
    bad = SimpleUploadedFile("work.zip", b"this is not a zip")
    response = Client().post(link_path(candidate, "upload/"), {"archive": bad})
    assert response.status_code == 422
    assert repos.head_commit(repository_of(candidate)) == head


def test_when_time_runs_out_the_last_commit_is_submitted_automatically(
    candidate: Candidate, django_capture_on_commit_callbacks: Callable
) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    from assay.assessments.services import close_overdue

    _start(candidate)
    starter = repos.head_commit(repository_of(candidate))
    work = SimpleUploadedFile("work.zip", _zip({"app.py": "print('last words')\n"}))
    assert Client().post(link_path(candidate, "upload/"), {"archive": work}).status_code == 302
    last = repos.head_commit(repository_of(candidate))
    assert last != starter
    Candidate.objects.filter(pk=candidate.pk).update(deadline=timezone.now() - timedelta(seconds=1))
    assert Client().post(link_path(candidate, "submit/")).status_code == 409  # too late to click
    with django_capture_on_commit_callbacks(execute=False):
        assert close_overdue() == 1
        assert close_overdue() == 0  # safe to run twice
    candidate.refresh_from_db()
    assert candidate.state == "submitted" and candidate.submitted_automatically
    assert candidate.submission is not None and candidate.submission.commit == last
    assert Submission.objects.filter(commit=last).count() == 1
    repository = repository_of(candidate)
    assert repos.head_commit(repository) == last and not repository.is_open
    assert "time ran out" in repository.closed_message
    assert "submitted automatically" in Client().get(link_path(candidate)).content.decode()


def test_the_open_invite_link_gives_each_person_their_own_candidate(
    team: Team, assessment: Assessment, mailoutbox: list[Any], django_capture_on_commit_callbacks: Callable
) -> None:
    team.client("admin").post(f"/assessments/{assessment.pk}/open-link/", {"open": "1"})
    assessment.refresh_from_db()
    url = f"/apply/{assessment.open_link_token}/"
    assert Client().get(url).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        first = Client().post(url, {"name": "Ann", "email": "ann@example.test"})
        again = Client().post(url, {"name": "Mallory", "email": "ANN@example.test"})
    assert first.status_code == 302 and first["Location"].startswith("/c/")
    assert again.status_code == 200 and "We sent the link" in again.content.decode()
    assert "/c/" not in again.content.decode()  # knowing an address never opens someone's assessment
    assert assessment.candidates.count() == 1
    assert [m.to for m in mailoutbox] == [["ann@example.test"], ["ann@example.test"]]

    team.client("admin").post(f"/assessments/{assessment.pk}/open-link/", {"open": "0"})
    closed = Client().get(url)
    assert closed.status_code == 404 and "invite link is closed" in closed.content.decode()


def test_reminders_are_sent_once_each(
    candidate: Candidate,
    make_candidate: Callable[..., Candidate],
    mailoutbox: list[Any],
    django_capture_on_commit_callbacks: Callable,
) -> None:
    from assay.assessments.services import send_reminders

    worker = make_candidate("worker@example.test")
    _start(worker)
    relaxed = make_candidate("relaxed@example.test")  # days left to start: no reminder yet
    start_by = timezone.now() + timedelta(hours=20)
    deadline = timezone.now() + timedelta(minutes=20)
    Candidate.objects.filter(pk=candidate.pk).update(start_by=start_by)
    Candidate.objects.filter(pk=worker.pk).update(deadline=deadline)
    Candidate.objects.filter(pk=relaxed.pk).update(start_by=timezone.now() + timedelta(days=5))
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert send_reminders() == 2
        assert send_reminders() == 0
    sent = {m.to[0]: m for m in mailoutbox}
    assert len(mailoutbox) == 2 and set(sent) == {"cara@example.test", "worker@example.test"}

    to_start = sent["cara@example.test"]
    assert to_start.subject == "Reminder: start your assessment Backend engineer within a day"
    assert f"closes on {start_by:%Y-%m-%d %H:%M} UTC" in to_start.body
    assert link_path(candidate) in to_start.body  # the candidate's own link, ready to open

    to_finish = sent["worker@example.test"]
    assert to_finish.subject == "30 minutes left on Backend engineer"
    assert f"ends at {deadline:%Y-%m-%d %H:%M} UTC" in to_finish.body
    assert link_path(worker) in to_finish.body


def test_a_start_window_that_closed_expires_the_candidate(candidate: Candidate) -> None:
    from assay.assessments.services import close_overdue

    Candidate.objects.filter(pk=candidate.pk).update(start_by=timezone.now() - timedelta(seconds=1))
    assert close_overdue() == 1
    candidate.refresh_from_db()
    assert candidate.state == "expired"
    assert candidate.events.filter(kind="expired").exists()
