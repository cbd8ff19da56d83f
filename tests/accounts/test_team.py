"""The team page: inviting teammates, joining through the emailed link, changing roles, removing members."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import timedelta
from urllib.parse import urlsplit

import pytest
from django.core import mail
from django.test import Client
from django.utils import timezone

from assay.accounts.models import Membership, TeamInvitation, User
from assay.accounts.roles import Role
from assay.notifications.models import OutboxMessage
from tests.conftest import Team, add_member, make_user

JOIN_LINK = re.compile(r"https?://\S+(/join/[^/\s]+/)")


def join_path(body: str) -> str:
    found = JOIN_LINK.search(body)
    assert found, f"no /join/<token>/ link in:\n{body}"
    return urlsplit(found.group(1)).path


def invite(client: Client, email: str, role: str, capture: Callable) -> object:
    with capture(execute=True):
        return client.post("/team/invite/", {"email": email, "role": role})


def membership(team: Team, role: str) -> Membership:
    return Membership.objects.get(organization=team.organization, user=team.users[role])


@pytest.mark.django_db
def test_admin_invites_a_teammate_who_joins_through_the_emailed_link(
    team: Team, django_capture_on_commit_callbacks: Callable
) -> None:
    admin = team.client("admin")

    response = invite(admin, "New.Person@Example.test", "reviewer", django_capture_on_commit_callbacks)

    assert response.status_code == 302
    assert "new.person@example.test" in admin.get(response["Location"]).content.decode()
    assert [m.to for m in mail.outbox] == [["new.person@example.test"]]
    assert team.organization.name in mail.outbox[0].subject
    newcomer = Client()
    link = join_path(mail.outbox[0].body)
    page = newcomer.get(link)
    assert page.status_code == 200
    assert team.organization.name in page.content.decode()
    joined = newcomer.post(link, {"name": "Nia Newcomer", "password": "a long enough passphrase"})
    assert joined.status_code == 302
    assert team.organization.name in newcomer.get(joined["Location"]).content.decode()
    user = User.objects.get(email="new.person@example.test")
    assert user.name == "Nia Newcomer"
    assert user.password.startswith("argon2")
    assert Membership.objects.get(user=user, organization=team.organization).role == Role.REVIEWER
    # The link was used up.
    assert Client().get(link).status_code == 404
    assert not TeamInvitation.objects.filter(organization=team.organization, accepted_at__isnull=True).exists()


@pytest.mark.django_db
def test_the_embedded_outbox_keeps_the_invitation_for_the_team(
    team: Team, settings: object, django_capture_on_commit_callbacks: Callable
) -> None:
    settings.EMAIL_BACKEND = "assay.notifications.backends.OutboxBackend"  # type: ignore[attr-defined]

    invite(team.client("owner"), "later@example.test", "viewer", django_capture_on_commit_callbacks)

    message = OutboxMessage.objects.get(to="later@example.test")
    assert message.organization_id == team.organization.pk
    outbox_page = team.client("admin").get("/outbox/").content.decode()
    assert join_path(message.body) in outbox_page
    assert team.client("outsider").get("/outbox/").content.decode().count("later@example.test") == 0
    Client().post(join_path(message.body), {"password": "another long passphrase"})
    assert Membership.objects.get(user__email="later@example.test").role == Role.VIEWER


@pytest.mark.django_db
def test_inviting_the_same_email_twice_keeps_one_open_invitation(
    team: Team, django_capture_on_commit_callbacks: Callable
) -> None:
    admin = team.client("admin")

    invite(admin, "twice@example.test", "viewer", django_capture_on_commit_callbacks)
    invite(admin, "TWICE@example.test", "reviewer", django_capture_on_commit_callbacks)

    invitations = TeamInvitation.objects.filter(organization=team.organization, email="twice@example.test")
    assert [i.role for i in invitations] == [Role.REVIEWER]
    page = admin.get("/team/").content.decode()
    assert page.count("Invitation sent to twice@example.test") == 2
    assert page.count("<td>twice@example.test</td>") == 1  # one row in the open invitations
    assert len(mail.outbox) == 2
    latest = join_path(mail.outbox[-1].body)
    assert Client().post(latest, {"password": "a long enough passphrase"}).status_code == 302
    assert Membership.objects.get(user__email="twice@example.test").role == Role.REVIEWER


@pytest.mark.django_db
def test_a_viewer_cannot_invite(team: Team, django_capture_on_commit_callbacks: Callable) -> None:
    response = invite(team.client("viewer"), "sneaky@example.test", "viewer", django_capture_on_commit_callbacks)

    assert response.status_code == 403
    page = response.content.decode()
    assert "admins and owners" in page
    assert "viewer" in page
    assert not TeamInvitation.objects.filter(email="sneaky@example.test").exists()
    assert mail.outbox == []


@pytest.mark.django_db
def test_an_admin_cannot_invite_an_owner(team: Team, django_capture_on_commit_callbacks: Callable) -> None:
    response = invite(team.client("admin"), "boss@example.test", "owner", django_capture_on_commit_callbacks)

    assert response.status_code == 403
    assert "above your own" in response.content.decode()
    assert not TeamInvitation.objects.filter(email="boss@example.test").exists()


@pytest.mark.django_db
def test_owner_changes_a_members_role(team: Team) -> None:
    response = team.client("owner").post(f"/team/members/{membership(team, 'reviewer').pk}/role/", {"role": "admin"})

    assert response.status_code == 302
    assert membership(team, "reviewer").role == Role.ADMIN


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("url", "data"),
    [("/team/members/{id}/role/", {"role": "admin"}), ("/team/members/{id}/remove/", {})],
    ids=["demote", "remove"],
)
def test_the_last_owner_cannot_be_demoted_or_removed(team: Team, url: str, data: dict) -> None:
    owner = membership(team, "owner")

    response = team.client("owner").post(url.format(id=owner.pk), data)

    assert response.status_code == 409
    assert "at least one owner" in response.content.decode()
    assert membership(team, "owner").role == Role.OWNER


@pytest.mark.django_db
def test_with_a_second_owner_the_first_can_step_down(team: Team) -> None:
    add_member(team.organization, Role.OWNER)

    response = team.client("owner").post(f"/team/members/{membership(team, 'owner').pk}/role/", {"role": "admin"})

    assert response.status_code == 302
    assert membership(team, "owner").role == Role.ADMIN


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("url", "data"),
    [("/team/members/{id}/role/", {"role": "viewer"}), ("/team/members/{id}/remove/", {})],
    ids=["change-role", "remove"],
)
def test_an_admin_cannot_touch_an_owner(team: Team, url: str, data: dict) -> None:
    add_member(team.organization, Role.OWNER)  # so "last owner" is not what stops it
    owner = membership(team, "owner")

    response = team.client("admin").post(url.format(id=owner.pk), data)

    assert response.status_code == 403
    assert "Only owners" in response.content.decode()
    assert membership(team, "owner").role == Role.OWNER


@pytest.mark.django_db
def test_admin_removes_a_reviewer_who_then_loses_access(team: Team) -> None:
    reviewer = team.client("reviewer")
    assert reviewer.get("/team/").status_code == 200

    response = team.client("admin").post(f"/team/members/{membership(team, 'reviewer').pk}/remove/")

    assert response.status_code == 302
    assert reviewer.get("/team/").status_code == 403


@pytest.mark.django_db
def test_another_organizations_member_is_not_found(team: Team) -> None:
    theirs = Membership.objects.get(user=team.outsider)

    response = team.client("owner").post(f"/team/members/{theirs.pk}/remove/")

    assert response.status_code == 404
    assert Membership.objects.filter(pk=theirs.pk).exists()


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["newcomer", "existing account", "signed in"])
def test_an_expired_team_invitation_is_refused_and_joins_nobody(
    team: Team, django_capture_on_commit_callbacks: Callable, who: str
) -> None:
    email = "late@example.test"
    existing = make_user(email, password="a long enough passphrase") if who != "newcomer" else None
    invite(team.client("admin"), email, "reviewer", django_capture_on_commit_callbacks)
    link = join_path(mail.outbox[-1].body)
    TeamInvitation.objects.filter(email=email).update(expires_at=timezone.now() - timedelta(minutes=1))

    visitor = Client()
    if who == "signed in":
        visitor.force_login(existing)  # type: ignore[arg-type]
    page = visitor.get(link)
    joined = visitor.post(link, {"name": "Lou Late", "password": "a long enough passphrase"})

    for response in (page, joined):
        assert response.status_code == 404
        assert "This invitation link is not valid any more" in response.content.decode()
    assert not Membership.objects.filter(organization=team.organization, user__email=email).exists()
    assert User.objects.filter(email=email).count() == (0 if existing is None else 1)
