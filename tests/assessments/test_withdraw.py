"""Withdrawing a candidate who already started closes their repository to the real git client."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.test import Client

from assay.assessments.models import Candidate
from assay.assessments.services.workflow import repository_of
from assay.repos import services as repos
from tests.assessments.conftest import link_path
from tests.conftest import Team
from tests.repos.conftest import Git

# The server runs in a thread with its own database connection: it must see committed rows.
pytestmark = pytest.mark.django_db(transaction=True)


def test_withdrawing_a_started_candidate_refuses_their_next_push(
    team: Team, candidate: Candidate, git: Git, asgi_url: str, tmp_path: Path, settings: object
) -> None:
    settings.ASSAY_REPOS_DIR = tmp_path / "repos"  # type: ignore[attr-defined]
    started = Client().post(link_path(candidate, "start/"), {"stack": "python"})
    assert started.status_code == 302, started.content.decode()[:500]
    candidate.refresh_from_db()
    repository = repository_of(candidate)
    work = tmp_path / "work"
    git("clone", "-q", repos.authenticated_clone_url(repository, asgi_url), str(work))
    pushed = git.commit_file(work, "app.py", b"print('first part')\n", "First part")
    git("push", "-q", "origin", "main", cwd=work)  # open while the assessment runs
    assert repos.head_commit(repository) == pushed

    response = team.client("admin").post(f"/assessments/candidates/{candidate.pk}/withdraw/")
    assert response.status_code == 302
    git.commit_file(work, "app.py", b"print('second part')\n", "Second part")
    refused = git("push", "origin", "main", cwd=work, check=False)

    assert refused.returncode != 0
    assert "This assessment was withdrawn; pushes are closed." in refused.stderr
    assert repos.head_commit(repository) == pushed
    candidate.refresh_from_db()
    assert candidate.state == Candidate.State.WITHDRAWN
