"""Every answer carries the browser protections: a team page, the API and a candidate's page alike."""

from __future__ import annotations

from typing import Any

import pytest
from django.http import HttpResponse
from django.test import Client

from assay.assessments.models import Candidate
from tests.assessments.conftest import link_path
from tests.conftest import Team


def _answers(team: Team, candidate: Candidate, **headers: str) -> dict[str, HttpResponse]:
    page = team.client("owner")
    api = Client(headers={"Authorization": f"Bearer {team.api_key('owner')}"})
    return {
        "team page": page.get("/", headers=headers),
        "API": api.get("/api/v1/organization", headers=headers),
        "candidate page": Client().get(link_path(candidate), headers=headers),
    }


def test_pages_api_and_candidate_pages_carry_csp_frame_referrer_and_type_protections(
    team: Team, candidate: Candidate
) -> None:
    for name, response in _answers(team, candidate).items():
        assert response.status_code == 200, name
        policy = response["Content-Security-Policy"]
        assert "frame-ancestors 'none'" in policy and "script-src 'self'" in policy, name
        assert "unsafe-inline" not in policy.split("script-src")[1].split(";")[0], name
        assert response["X-Frame-Options"] == "DENY", name
        assert response["Referrer-Policy"] == "same-origin", name
        assert response["X-Content-Type-Options"] == "nosniff", name
        assert "Strict-Transport-Security" not in response, f"{name}: HSTS over plain HTTP"


@pytest.fixture
def behind_tls_proxy(settings: Any) -> None:
    """As deploy/assay.env.example sets it: nginx terminates TLS and says so in X-Forwarded-Proto."""
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    settings.SECURE_HSTS_SECONDS = 31536000


def test_behind_the_tls_proxy_every_answer_sends_hsts(team: Team, candidate: Candidate, behind_tls_proxy: None) -> None:
    for name, response in _answers(team, candidate, X_Forwarded_Proto="https").items():
        assert response.status_code == 200, name
        assert response["Strict-Transport-Security"] == "max-age=31536000", name
