"""A backup of an instance where a candidate pushed and submitted, restored into a fresh data directory and
served: the submission, its files and the candidate's repository are all there."""

from __future__ import annotations

import subprocess
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test import Client

from assay.assessments.models import Candidate
from assay.assessments.services.workflow import repository_of
from assay.repos import services as repos
from assay.submissions.services import archive_path
from tests.assessments.conftest import link_path
from tests.conftest import Team
from tests.ops.serving import assay_serve
from tests.repos.conftest import Git

# pg_dump and the served copy read the data from other connections: it must be committed.
pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def restore_database() -> Iterator[dict[str, str]]:
    """Where the served copy keeps its database: a new empty PostgreSQL database, or SQLite in its data folder."""
    if connection.vendor != "postgresql":
        yield {}
        return
    name = f"assay_restore_{uuid.uuid4().hex[:8]}"
    with connection.cursor() as cursor:
        cursor.execute(f'CREATE DATABASE "{name}"')
    db = connection.settings_dict
    url = f"postgres://{db['USER']}:{db['PASSWORD']}@{db['HOST']}:{db['PORT']}/{name}"
    yield {"DATABASE_URL": url}
    with connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _submitted(candidate: Candidate, git: Git, url: str, work: Path) -> tuple[Candidate, str]:
    assert Client().post(link_path(candidate, "start/"), {"stack": "python"}).status_code == 302
    candidate.refresh_from_db()
    git("clone", "-q", repos.authenticated_clone_url(repository_of(candidate), url), str(work))
    pushed = git.commit_file(work, "app.py", b"print('my service')\n", "My service")
    git("push", "-q", "origin", "main", cwd=work)
    assert Client().post(link_path(candidate, "submit/")).status_code == 302
    candidate.refresh_from_db()
    assert candidate.submission is not None and candidate.submission.commit == pushed
    return candidate, pushed


def test_a_restored_backup_serves_the_submission_its_files_and_the_repository(
    team: Team,
    candidate: Candidate,
    git: Git,
    asgi_url: str,
    tmp_path: Path,
    settings: Any,
    restore_database: dict[str, str],
) -> None:
    settings.ASSAY_REPOS_DIR = settings.VAR_DIR / "repos"
    settings.MEDIA_ROOT = settings.VAR_DIR / "files"
    candidate, pushed = _submitted(candidate, git, asgi_url, tmp_path / "work")
    submission = candidate.submission
    assert submission is not None
    key = team.api_key("owner")

    call_command("backup", "create", str(tmp_path / "backup"))
    fresh = tmp_path / "restored"
    call_command(
        "backup",
        "restore",
        str(tmp_path / "backup"),
        "--into",
        str(fresh),
        "--database-url",
        restore_database.get("DATABASE_URL", ""),
    )

    repository = fresh / "repos" / repository_of(candidate).path
    fsck = subprocess.run(["git", "fsck", "--full", "--strict"], cwd=repository, capture_output=True, text=True)
    assert fsck.returncode == 0, fsck.stderr
    head = subprocess.run(["git", "rev-parse", "main"], cwd=repository, capture_output=True, text=True)
    assert head.stdout.strip() == pushed
    with assay_serve(fresh, "--no-demo", "--no-worker", **restore_database) as server:
        api = httpx.Client(base_url=server.url, headers={"Authorization": f"Bearer {key}"})
        found = api.get(f"/api/v1/submissions/{submission.pk}")
        snapshot = api.get(f"/api/v1/submissions/{submission.pk}/snapshot")
    assert found.status_code == 200, found.text
    assert found.json()["commit"] == pushed
    assert snapshot.status_code == 200
    assert snapshot.content == archive_path(submission).read_bytes()


def test_a_backup_never_overwrites_and_a_restore_never_lands_on_existing_data(tmp_path: Path) -> None:
    taken = tmp_path / "taken"
    taken.mkdir()
    (taken / "something").write_text("kept")

    with pytest.raises(CommandError, match="not empty"):
        call_command("backup", "create", str(taken))
    with pytest.raises(CommandError, match="not an Assay backup"):
        call_command("backup", "restore", str(tmp_path / "nothing"), "--into", str(tmp_path / "new"))
    assert (taken / "something").read_text() == "kept"
