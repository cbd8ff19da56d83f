"""Signing in and out through the pages: passwords, lockout, broken cookies, password reset."""

from __future__ import annotations

import re

import pytest
from django.conf import settings
from django.core import mail
from django.test import Client

from assay.accounts.models import User
from tests.conftest import Team

PASSWORD = "correct horse battery"  # what tests.conftest.make_user gives every user


def sign_in(client: Client, email: str, password: str):
    return client.post("/login/", {"email": email, "password": password})


def is_signed_in(client: Client) -> bool:
    return client.get("/").status_code == 200


@pytest.mark.django_db
def test_sign_in_with_email_and_password_opens_the_dashboard(team: Team) -> None:
    owner = team.users["owner"]
    client = Client()

    response = sign_in(client, owner.email.upper(), PASSWORD)

    assert response.status_code == 302
    dashboard = client.get(response["Location"])
    assert dashboard.status_code == 200
    assert team.organization.name in dashboard.content.decode()
    owner.refresh_from_db()
    assert owner.password.startswith("argon2")


@pytest.mark.django_db
def test_wrong_password_is_a_401_page_that_says_so(team: Team) -> None:
    client = Client()

    response = sign_in(client, team.users["admin"].email, "not the password")

    assert response.status_code == 401
    assert "do not match an account" in response.content.decode()
    assert not is_signed_in(client)


@pytest.mark.django_db
def test_five_wrong_passwords_lock_that_account_but_not_another(team: Team) -> None:
    locked, other = team.users["reviewer"], team.users["viewer"]
    client = Client()
    statuses = [sign_in(client, locked.email, f"guess {n}").status_code for n in range(5)]

    right_password = sign_in(client, locked.email, PASSWORD)

    assert statuses == [401] * 4 + [429]  # the fifth failure locks
    assert right_password.status_code == 429
    assert "Too many failed sign-in attempts" in right_password.content.decode()
    assert not is_signed_in(client)
    other_client = Client()
    assert sign_in(other_client, other.email, PASSWORD).status_code == 302
    assert is_signed_in(other_client)


@pytest.mark.django_db
def test_a_tampered_session_cookie_is_treated_as_signed_out(team: Team) -> None:
    client = team.client("owner")
    assert is_signed_in(client)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    cookie.set(cookie.key, cookie.value[:-4] + "abcd", cookie.value[:-4] + "abcd")

    response = client.get("/team/")

    assert response.status_code == 302
    assert response["Location"].startswith("/login/")


@pytest.mark.django_db
def test_sign_out_ends_the_session(team: Team) -> None:
    client = Client()
    sign_in(client, team.users["owner"].email, PASSWORD)
    assert is_signed_in(client)

    response = client.post("/logout/")

    assert response.status_code == 302
    assert not is_signed_in(client)
    assert client.get("/").headers["Location"].startswith("/login/")


@pytest.mark.django_db
def test_password_reset_from_request_to_signing_in_with_the_new_password(team: Team) -> None:
    user = team.users["viewer"]
    client = Client()

    assert "Send me a reset link" in client.get("/password-reset/").content.decode()
    assert client.post("/password-reset/", {"email": user.email}).status_code == 302
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [user.email]
    link = re.search(r"https?://[^/\s]+(/password-reset/\S+/)", mail.outbox[0].body)
    assert link, mail.outbox[0].body
    form_page = client.get(link.group(1), follow=True)
    assert form_page.status_code == 200
    assert form_page.context["validlink"]
    new_password = "a brand new passphrase"
    done = client.post(form_page.redirect_chain[-1][0], {"new_password1": new_password, "new_password2": new_password})
    assert done.status_code == 302

    assert sign_in(Client(), user.email, PASSWORD).status_code == 401
    fresh = Client()
    assert sign_in(fresh, user.email, new_password).status_code == 302
    assert is_signed_in(fresh)
    assert User.objects.get(pk=user.pk).password.startswith("argon2")
    # The link is single use.
    assert not Client().get(link.group(1), follow=True).context["validlink"]
