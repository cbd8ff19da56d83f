"""A candidate's page, upload, apply link and git are rate-limited per client address and per candidate."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.test import Client

from assay.assessments.models import Candidate
from assay.assessments.services.workflow import repository_of
from assay.repos import services as repos
from tests.assessments.conftest import link_path
from tests.repos.conftest import Git


@pytest.fixture
def limit(settings: Any) -> Any:
    # An hour's window: the counts cannot roll over into a new window while a test runs.
    settings.ASSAY_CANDIDATE_RATE_WINDOW_SECONDS = 3600
    settings.ASSAY_CANDIDATE_RATE_LIMIT = 3
    return settings


def _get(candidate: Candidate, address: str) -> Any:
    return Client(REMOTE_ADDR=address).get(link_path(candidate))


def test_over_the_limit_a_candidate_page_answers_429_with_retry_after_and_a_clear_page(
    candidate: Candidate, limit: Any
) -> None:
    for _ in range(3):
        assert _get(candidate, "198.51.100.7").status_code == 200

    refused = _get(candidate, "198.51.100.7")

    assert refused.status_code == 429
    assert 0 < int(refused["Retry-After"]) <= 3600
    assert "Too many requests" in refused.content.decode()
    assert "Your work is safe" in refused.content.decode()


def test_the_limit_counts_per_candidate_and_per_address(candidate: Candidate, make_candidate: Any, limit: Any) -> None:
    other = make_candidate(email="olga@example.test", name="Olga Other")
    for _ in range(3):
        assert _get(candidate, "198.51.100.7").status_code == 200

    assert _get(candidate, "203.0.113.9").status_code == 429  # the same candidate from elsewhere
    assert _get(other, "198.51.100.7").status_code == 429  # another candidate from the same address
    assert _get(other, "203.0.113.9").status_code == 200  # someone else entirely


def test_upload_and_the_apply_link_are_limited_too(candidate: Candidate, limit: Any) -> None:
    limit.ASSAY_CANDIDATE_RATE_LIMIT = 1
    client = Client(REMOTE_ADDR="198.51.100.7")
    assert client.get(link_path(candidate)).status_code == 200
    assert client.post(link_path(candidate, "upload/")).status_code == 429
    assert Client(REMOTE_ADDR="198.51.100.8").get("/apply/some-open-link/").status_code != 429
    assert Client(REMOTE_ADDR="198.51.100.9").get("/apply/some-open-link/").status_code == 429


@pytest.mark.django_db(transaction=True)
def test_git_over_the_limit_gets_an_http_error_it_shows_the_candidate(
    candidate: Candidate, git: Git, asgi_url: str, tmp_path: Path, limit: Any
) -> None:
    limit.ASSAY_CANDIDATE_RATE_LIMIT = 1000
    limit.ASSAY_REPOS_DIR = tmp_path / "repos"
    assert Client().post(link_path(candidate, "start/"), {"stack": "python"}).status_code == 302
    candidate.refresh_from_db()
    url = repos.authenticated_clone_url(repository_of(candidate), asgi_url)
    git("clone", "-q", url, str(tmp_path / "first"))  # within the limit

    limit.ASSAY_CANDIDATE_RATE_LIMIT = 2
    refused = git("clone", "-q", url, str(tmp_path / "second"), check=False)

    assert refused.returncode != 0
    assert "429" in refused.stderr
    assert not (tmp_path / "second" / ".git").exists()
