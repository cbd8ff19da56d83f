"""Operators create organizations from the command line; with sign-up open, anyone can create one by
confirming their email. Either way the new organization starts empty and sees nothing of another."""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client

from assay.accounts.models import Membership, Organization, User
from tests.conftest import Team

pytestmark = pytest.mark.django_db
VERIFY_LINK = re.compile(r"https?://\S+(/signup/verify/[^/\s]+/)")


def _assay(*args: str) -> str:
    out = io.StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def test_an_operator_creates_an_organization_whose_owner_signs_in_with_the_printed_password(team: Team) -> None:
    out = _assay("organizations", "create", "--name", "Globex Hiring", "--owner-email", "Hank@Globex.test")
    password = re.search(r"password: (\S+)", out)
    assert password, out
    client = Client()
    signed_in = client.post("/login/", {"email": "hank@globex.test", "password": password.group(1)})
    assert signed_in.status_code == 302
    # Empty and isolated: no candidates, no assessments of the team, a 404 for the team's objects.
    dashboard = client.get("/assessments/").content.decode()
    assert "Globex Hiring" in dashboard and "Acme Hiring" not in dashboard
    member_id = Membership.objects.filter(organization=team.organization).first().pk  # type: ignore[union-attr]
    assert client.get(f"/api/v1/members/{member_id}").status_code == 404
    assert [m["email"] for m in client.get("/api/v1/members").json()["items"]] == ["hank@globex.test"]

    listing = _assay("organizations", "list")
    assert re.search(r"globex-hiring\s+1\s+hank@globex\.test", listing), listing
    assert "acme-hiring" in listing


def test_an_existing_account_becomes_owner_without_a_new_password(team: Team) -> None:
    out = _assay("organizations", "create", "--name", "Second Team", "--owner-email", team.users["viewer"].email)
    assert "password:" not in out and "already has an account" in out
    organization = Organization.objects.get(name="Second Team")
    assert Membership.objects.get(organization=organization).user == team.users["viewer"]


def test_a_bad_email_is_a_clear_error(db: None) -> None:
    with pytest.raises(Exception, match="is not an email address"):
        _assay("organizations", "create", "--name", "X", "--owner-email", "not-an-email")
    assert not Organization.objects.exists()


def test_self_service_sign_up_needs_the_emailed_link(
    settings: Any, mailoutbox: list, team: Team, django_capture_on_commit_callbacks: Callable
) -> None:
    settings.ASSAY_SIGNUP = "open"
    client = Client()
    form = {"organization": "Initech", "name": "Peter", "email": "peter@initech.test", "password": "a long passphrase"}
    with django_capture_on_commit_callbacks(execute=True):
        assert "Check your email" in client.post("/signup/", form).content.decode()
    # Not usable before the link is followed.
    assert client.post("/login/", {"email": "peter@initech.test", "password": "a long passphrase"}).status_code == 401
    link = VERIFY_LINK.search(mailoutbox[-1].body)
    assert link, mailoutbox[-1].body
    assert client.get(link.group(1)).status_code == 302
    assert client.get("/api/v1/organization").json()["name"] == "Initech"
    assert client.get("/api/v1/members").json()["count"] == 1
    assert Client().get(link.group(1)).status_code == 404, "the link works once"


def test_sign_up_with_a_taken_email_creates_nothing_and_says_nothing(
    settings: Any, mailoutbox: list, team: Team, django_capture_on_commit_callbacks: Callable
) -> None:
    settings.ASSAY_SIGNUP = "open"
    email = team.users["viewer"].email
    form = {"organization": "Takeover", "name": "Eve", "email": email, "password": "a long passphrase"}
    with django_capture_on_commit_callbacks(execute=True):
        assert "Check your email" in Client().post("/signup/", form).content.decode()
    assert not Organization.objects.filter(name="Takeover").exists()
    assert "already has an account" in mailoutbox[-1].body
    assert User.objects.get(email=email).check_password("correct horse battery")


def test_sign_up_is_closed_by_default(db: None, settings: Any) -> None:
    assert Client().get("/signup/").status_code == 404
    assert "/signup/" not in Client().get("/login/").content.decode()
    settings.ASSAY_SIGNUP = "open"
    assert "/signup/" in Client().get("/login/").content.decode()
