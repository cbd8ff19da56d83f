"""Erasing a candidate leaves nothing of them: not in any table, not on disk, not in the stored files.

The candidate goes through everything that keeps data: invited by the API (a webhook delivered), cloned and
pushed with the real git client, submitted, graded, commented on, scored, decided, and interviewed in a live
session. Then every text and binary column of every table, every file under VAR_DIR and the stored
snapshots are searched for their email, name and a marker from their code.
"""

from __future__ import annotations

import gzip
import json
import zlib
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from django.apps import apps
from django.contrib.sessions.models import Session
from django.db import models
from django.test import Client

from assay.assessments.models import Assessment, Candidate
from assay.assessments.services.workflow import repository_of
from assay.audit.models import AuditEntry
from assay.grading import services as grading
from assay.notifications.models import OutboxMessage
from assay.repos import services as repos
from assay.submissions.models import Submission
from tests.assessments.conftest import link_path
from tests.conftest import Team
from tests.integrations.receiver import Receiver, receiver  # noqa: F401
from tests.integrations.test_webhooks import register, run_queued_webhooks
from tests.repos.conftest import Git
from tests.reviews.conftest import grade, sample_report

# The git server runs in a thread with its own database connection: it must see committed rows.
pytestmark = pytest.mark.django_db(transaction=True)
NAME, EMAIL, CODE_MARKER = "Zelda Quuxington", "zelda.quux@example.test", "zq_marker_7f3a9c"
APP = f"from fastapi import FastAPI\n\napp = FastAPI()  # {CODE_MARKER}\n".encode()


@pytest.fixture(autouse=True)
def _everything_under_var_dir(settings: Any, tmp_path: Path) -> None:
    settings.ASSAY_REPOS_DIR = settings.VAR_DIR / "repos"
    settings.MEDIA_ROOT = settings.VAR_DIR / "files"
    settings.ASSAY_WEBHOOK_ALLOW_PRIVATE = True
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default", "grading"]}}
    # Mail kept in the outbox table, as the embedded default does, so erasing it is part of what is checked.
    settings.EMAIL_BACKEND = "assay.notifications.backends.OutboxBackend"


def _text_cells() -> Iterator[tuple[str, str, object]]:
    """Every value of every text, JSON and binary column of every table (sessions decoded)."""
    kinds = (models.CharField, models.TextField, models.JSONField, models.BinaryField)
    for model in apps.get_models(include_auto_created=True):
        fields = [f.attname for f in model._meta.concrete_fields if isinstance(f, kinds)]
        for values in model._default_manager.values_list(*fields) if fields else []:
            for name, value in zip(fields, values, strict=True):
                yield model._meta.db_table, name, value
    for session in Session.objects.all():
        yield "django_session", "decoded", json.dumps(session.get_decoded())


def _database_mentions(markers: list[str]) -> list[str]:
    found = []
    for table, column, value in _text_cells():
        text = bytes(value).decode("latin-1") if isinstance(value, bytes | memoryview) else json.dumps(value)
        found += [f"{table}.{column}: {marker}" for marker in markers if marker.lower() in text.lower()]
    return found


def _readable(path: Path) -> bytes:
    data = path.read_bytes()
    for unpack in (gzip.decompress, zlib.decompress):  # snapshots are .tar.gz, git's loose objects zlib
        try:
            data += unpack(data)
        except Exception:  # noqa: BLE001, S112 - not that format: the raw bytes were kept
            continue
    return data


def _disk_mentions(root: Path, markers: list[str]) -> list[str]:
    return [
        f"{path}: {marker}"
        for path in root.rglob("*")
        if path.is_file()
        for marker in markers
        if marker.encode() in _readable(path)
    ]


def _go_through_everything(team: Team, candidate: Candidate, git: Git, asgi_url: str, tmp_path: Path) -> None:
    assert Client().post(link_path(candidate, "start/"), {"stack": "python"}).status_code == 302
    candidate.refresh_from_db()
    work = tmp_path / "work"
    git("clone", "-q", repos.authenticated_clone_url(repository_of(candidate), asgi_url), str(work))
    git.commit_file(work, "app.py", APP, "My solution")
    git("push", "-q", "origin", "main", cwd=work)
    assert Client().post(link_path(candidate, "submit/")).status_code == 302
    candidate.refresh_from_db()
    submission = candidate.submission
    assert submission is not None
    grade(submission, sample_report())
    reviewer = team.client("reviewer")
    reviewer.post(f"/submissions/{submission.pk}/comments/", {"path": "app.py", "line": "3", "body": f"{NAME} ok"})
    reviewer.post(f"/assessments/candidates/{candidate.pk}/decision/", {"outcome": "advance", "reason": NAME})
    assert reviewer.post(f"/submissions/{submission.pk}/live/").status_code == 302


def test_an_erased_candidate_leaves_nothing_behind(
    team: Team,
    make_assessment: Callable[..., Assessment],
    git: Git,
    asgi_url: str,
    tmp_path: Path,
    settings: Any,
    receiver: Receiver,  # noqa: F811
    django_capture_on_commit_callbacks: Callable[..., Any],
) -> None:
    # An assigned reviewer is emailed when the submission is graded: mail about the candidate, not to them.
    assessment = make_assessment(reviewer_ids=[team.users["reviewer"].pk])
    register(team, receiver.url)
    invited = team.api("owner").post(
        f"/api/v1/assessments/{assessment.pk}/candidates",
        json.dumps({"name": NAME, "email": EMAIL}),
        content_type="application/json",
    )
    assert invited.status_code == 201, invited.content
    candidate = Candidate.objects.get(email=EMAIL)
    _go_through_everything(team, candidate, git, asgi_url, tmp_path)
    run_queued_webhooks(django_capture_on_commit_callbacks)
    assert receiver.received, "the webhook was delivered before the erasure"
    assert OutboxMessage.objects.filter(subject__startswith=f"Graded: {NAME}").exists()
    markers = [EMAIL, NAME, CODE_MARKER]
    assert len(_database_mentions(markers)) > 5 and _disk_mentions(settings.VAR_DIR, markers), "the search finds"
    public_id = str(candidate.public_id)

    erased = team.api("admin").delete(f"/api/v1/candidates/{candidate.pk}")

    assert erased.status_code == 204, erased.content
    assert _database_mentions(markers) == []
    assert _disk_mentions(settings.VAR_DIR, markers) == []
    assert not Submission.objects.exists()
    entry = AuditEntry.objects.get(event="candidate.erased")
    assert (entry.target_id, entry.organization) == (public_id, team.organization)
    assert team.client("owner").get(f"/assessments/candidates/{candidate.pk}/").status_code == 404
    assert Client().get(link_path(candidate)).status_code == 404


def test_a_grading_in_flight_is_cancelled_and_records_nothing(team: Team, candidate: Candidate, tmp_path: Path) -> None:
    from tests.reviews.conftest import make_submission

    submission = make_submission(team.organization, None, tmp_path)
    Candidate.objects.filter(pk=candidate.pk).update(submission=submission, state="submitted")
    run = grading.claim(submission.pk, "worker-1")
    assert run is not None
    page = team.client("owner").post(f"/assessments/candidates/{candidate.pk}/erase/", {"confirm": "erase"})
    assert page.status_code == 302

    with pytest.raises(grading.GradingCancelled):
        grading.finish(run, sample_report())
    assert not Submission.objects.exists()
    assert not apps.get_model("grading", "GradingRun").objects.exists()
    assert not apps.get_model("grading", "StageResult").objects.exists()


def test_erasing_asks_first_and_only_admins_may(team: Team, candidate: Candidate) -> None:
    url = f"/assessments/candidates/{candidate.pk}/erase/"
    assert "cannot be undone" in team.client("admin").get(url).content.decode()
    assert team.client("reviewer").post(url, {"confirm": "erase"}).status_code == 403
    assert team.client("admin").post(url).status_code == 302  # not confirmed: nothing happens
    assert Candidate.objects.filter(pk=candidate.pk).exists()
    assert team.client("outsider").post(url, {"confirm": "erase"}).status_code == 404
    assert Candidate.objects.filter(pk=candidate.pk).exists()
