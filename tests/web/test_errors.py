"""An unexpected error answers a plain page (or problem+json under /api/) and never shows Assay's insides."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest
from django.test import Client

from assay.accounts import access
from tests.conftest import Team
from tests.ops.serving import assay_serve

SECRET = "internal detail /srv/assay/secret_module.py"


@pytest.fixture
def broken_members(monkeypatch: pytest.MonkeyPatch) -> None:
    """The members query fails the way a bug would; the dashboard page and the members API both use it."""

    def crash(*args: object, **kwargs: object) -> None:
        raise RuntimeError(SECRET)

    monkeypatch.setattr(access, "members", crash)


def _assert_no_insides(body: str) -> None:
    for leak in ("Traceback", "RuntimeError", SECRET, "secret_module", "site-packages"):
        assert leak not in body


def test_a_page_that_breaks_answers_a_plain_500_page(team: Team, broken_members: None) -> None:
    client = Client(raise_request_exception=False)
    client.force_login(team.users["owner"])

    response = client.get("/")

    assert response.status_code == 500
    assert response["Content-Type"].startswith("text/html")
    body = response.content.decode()
    assert "Something broke on our side" in body
    _assert_no_insides(body)


def test_an_api_operation_that_breaks_answers_problem_json_without_a_traceback(
    team: Team, broken_members: None
) -> None:
    client = Client(raise_request_exception=False, headers={"Authorization": f"Bearer {team.api_key('owner')}"})

    response = client.get("/api/v1/members")

    assert response.status_code == 500
    assert response["Content-Type"] == "application/problem+json"
    problem = response.json()
    assert problem["status"] == 500
    assert problem["title"] == "Server error"
    _assert_no_insides(response.content.decode())


def test_serve_runs_with_debug_off_by_default_and_says_how_to_turn_it_on(tmp_path: Path) -> None:
    with assay_serve(tmp_path, "--no-demo", "--no-worker") as server:
        page = httpx.get(f"{server.url}/no-such-page/")
        assert "ASSAY_DEBUG=1" in server.output()

    assert page.status_code == 404
    # Django's debug 404 lists the URL patterns it tried; the plain page does not.
    assert "URLconf" not in page.text
    assert "Not found" in page.text
