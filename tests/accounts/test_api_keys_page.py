"""The API keys page: a new key's secret is shown once, and revoking it stops it working."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from assay.accounts.models import ApiKey
from tests.conftest import Team

SECRET = re.compile(r'id="new-api-key">\s*([^<\s]+)\s*<')


def create_key(client: Client, name: str, role: str = "viewer") -> tuple[object, str]:
    response = client.post("/api-keys/", {"name": name, "role": role})
    found = SECRET.search(response.content.decode())
    return response, found.group(1) if found else ""


def api_status(secret: str) -> int:
    return Client(headers={"Authorization": f"Bearer {secret}"}).get("/api/v1/organization").status_code


@pytest.mark.django_db
def test_creating_a_key_shows_its_secret_once_and_the_secret_works(team: Team) -> None:
    client = team.client("admin")

    response, secret = create_key(client, "Greenhouse sync")

    assert response.status_code == 201
    assert secret, "the new key's secret is not on the page"
    assert api_status(secret) == 200
    again = client.get("/api-keys/").content.decode()
    assert "Greenhouse sync" in again
    assert secret not in again
    assert secret.split("_")[-1] not in again
    assert ApiKey.objects.get(name="Greenhouse sync").secret_hash not in again


@pytest.mark.django_db
def test_a_blank_name_is_refused_with_a_message(team: Team) -> None:
    response, secret = create_key(team.client("admin"), "   ")

    assert response.status_code == 422
    assert secret == ""
    assert 'class="errorlist' in response.content.decode()
    assert not ApiKey.objects.filter(organization=team.organization).exists()


@pytest.mark.django_db
def test_a_viewer_cannot_create_a_key(team: Team) -> None:
    response, secret = create_key(team.client("viewer"), "Mine")

    assert response.status_code == 403
    assert "admins and owners" in response.content.decode()
    assert secret == ""
    assert not ApiKey.objects.filter(name="Mine").exists()


@pytest.mark.django_db
def test_revoking_a_key_with_a_form_post(team: Team) -> None:
    client = team.client("owner")
    _, secret = create_key(client, "Old ATS")
    key = ApiKey.objects.get(name="Old ATS")

    response = client.post(f"/api-keys/{key.pk}/revoke/")

    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert "revoked" in page
    assert api_status(secret) == 401


@pytest.mark.django_db
def test_revoking_a_key_through_htmx_returns_just_its_row(team: Team) -> None:
    client = team.client("owner")
    _, secret = create_key(client, "Webhook relay")
    key = ApiKey.objects.get(name="Webhook relay")

    response = client.post(f"/api-keys/{key.pk}/revoke/", headers={"HX-Request": "true"})

    assert response.status_code == 200
    fragment = response.content.decode().strip()
    assert fragment.startswith(f'<tr id="key-{key.pk}">')
    assert "<html" not in fragment
    assert "revoked" in fragment
    assert "Revoke</button>" not in fragment
    assert api_status(secret) == 401


@pytest.mark.django_db
def test_a_reviewer_cannot_revoke_and_gets_an_htmx_error_fragment(team: Team) -> None:
    _, secret = create_key(team.client("owner"), "Keep me")
    key = ApiKey.objects.get(name="Keep me")

    response = team.client("reviewer").post(f"/api-keys/{key.pk}/revoke/", headers={"HX-Request": "true"})

    assert response.status_code == 403
    assert "<html" not in response.content.decode()
    assert "admins and owners" in response.content.decode()
    assert api_status(secret) == 200


@pytest.mark.django_db
def test_another_organizations_key_cannot_be_revoked(team: Team) -> None:
    team.api_key("outsider")
    theirs = ApiKey.objects.get(organization=team.other_organization)

    response = team.client("owner").post(f"/api-keys/{theirs.pk}/revoke/")

    assert response.status_code == 404
    theirs.refresh_from_db()
    assert theirs.revoked_at is None
