"""Email through a real SMTP server (aiosmtpd): an invitation arrives and its link lets the teammate join."""

from __future__ import annotations

import email
import email.policy
import re
from collections.abc import Callable, Iterator
from email.message import EmailMessage
from urllib.parse import urlsplit

import pytest
from aiosmtpd.controller import Controller
from django.test import Client

from assay.accounts.models import Membership
from tests.conftest import Team
from tests.ops.serving import free_port


class Inbox:
    """An aiosmtpd handler that keeps every message it receives."""

    def __init__(self) -> None:
        self.messages: list[EmailMessage] = []
        self.recipients: list[list[str]] = []

    async def handle_DATA(self, server: object, session: object, envelope: object) -> str:
        self.recipients.append(list(envelope.rcpt_tos))  # type: ignore[attr-defined]
        self.messages.append(email.message_from_bytes(envelope.content, policy=email.policy.default))  # type: ignore[arg-type,attr-defined]
        return "250 Message accepted for delivery"


@pytest.fixture
def smtp_inbox(settings: object) -> Iterator[Inbox]:
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"  # type: ignore[attr-defined]
    settings.EMAIL_HOST = controller.hostname  # type: ignore[attr-defined]
    settings.EMAIL_PORT = controller.port  # type: ignore[attr-defined]
    settings.EMAIL_USE_TLS = False  # type: ignore[attr-defined]
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""  # type: ignore[attr-defined]
    try:
        yield inbox
    finally:
        controller.stop()


@pytest.mark.django_db
def test_an_invitation_sent_over_smtp_lets_the_teammate_join(
    team: Team, smtp_inbox: Inbox, django_capture_on_commit_callbacks: Callable
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        response = team.client("admin").post("/team/invite/", {"email": "smtp.friend@example.test", "role": "admin"})

    assert response.status_code == 302
    assert smtp_inbox.recipients == [["smtp.friend@example.test"]]
    message = smtp_inbox.messages[0]
    assert message["To"] == "smtp.friend@example.test"
    assert team.organization.name in message["Subject"]
    body = message.get_content()
    link = re.search(r"https?://\S+/join/[^/\s]+/", body)
    assert link, body
    newcomer = Client()
    joined = newcomer.post(urlsplit(link.group(0)).path, {"name": "Sam", "password": "a long enough passphrase"})
    assert joined.status_code == 302
    assert newcomer.get("/team/").status_code == 200
    assert (
        Membership.objects.get(user__email="smtp.friend@example.test", organization=team.organization).role == "admin"
    )


@pytest.mark.django_db
def test_a_refused_invitation_sends_no_email(
    team: Team, smtp_inbox: Inbox, django_capture_on_commit_callbacks: Callable
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        response = team.client("viewer").post("/team/invite/", {"email": "nobody@example.test", "role": "viewer"})

    assert response.status_code == 403
    assert smtp_inbox.messages == []
