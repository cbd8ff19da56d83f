"""Fixtures for assessments: the tiny-api challenge loaded into the library, assessments and candidates.

Candidates are created through the same services the pages use; the email they get is read back from
Django's test outbox (mailoutbox), so a test follows the link a candidate would.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from assay.accounts.roles import Role
from assay.assessments import links, services
from assay.assessments.models import Assessment, Candidate
from assay.challenges.models import Challenge
from assay.challenges.services import load_library
from tests.conftest import Team

# Fixtures shared with the repository tests: Assay served by uvicorn, and the git CLI as a candidate runs it.
from tests.repos.conftest import asgi_url, git  # noqa: F401

TINY = Path(__file__).parents[1] / "grading" / "fixtures" / "tiny-api"
LINK = re.compile(r"https?://\S+/c/[^/\s]+/")


@pytest.fixture
def challenge(db: None, settings: Any, tmp_path: Path) -> Challenge:
    settings.VAR_DIR = tmp_path / "var"
    library = tmp_path / "library"
    shutil.copytree(TINY, library / "tiny-api", ignore=shutil.ignore_patterns("__pycache__", ".cache", ".semgrep"))
    report = load_library(library, ["tiny-api"])
    assert report.ok, report.refused
    return Challenge.objects.get(slug="tiny-api")


@pytest.fixture
def make_assessment(team: Team, challenge: Challenge) -> Callable[..., Assessment]:
    def make(organization_of: str = "team", **fields: Any) -> Assessment:
        actor = team.actor(Role.OWNER)
        if organization_of == "outsider":
            from assay.accounts.access import Actor

            actor = Actor(organization=team.other_organization, role=Role.OWNER, user=team.outsider)
        options = {
            "title": "Backend engineer",
            "stacks": ["python"],
            "time_limit_minutes": 240,
            "start_window_days": 7,
            **fields,
        }
        return services.create_assessment(actor, challenge=challenge, **options)

    return make


@pytest.fixture
def assessment(make_assessment: Callable[..., Assessment]) -> Assessment:
    return make_assessment()


@pytest.fixture
def make_candidate(team: Team, assessment: Assessment) -> Callable[..., Candidate]:
    def make(email: str = "cara@example.test", name: str = "Cara Candidate", of: Assessment | None = None) -> Candidate:
        target = of or assessment
        actor = team.actor(Role.OWNER)
        if target.organization_id != team.organization.pk:
            from assay.accounts.access import Actor

            actor = Actor(organization=target.organization, role=Role.OWNER, user=team.outsider)
        candidate, _ = services.invite(actor, target, name, email)
        return candidate

    return make


@pytest.fixture
def candidate(make_candidate: Callable[..., Candidate]) -> Candidate:
    return make_candidate()


def link_path(candidate: Candidate, suffix: str = "") -> str:
    return f"/c/{links.token_for(candidate)}/{suffix}"


@pytest.fixture(autouse=True)
def _fast_hashing(settings: Any) -> None:
    """These tests are about candidates, not password hashing, which would dominate their runtime."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
