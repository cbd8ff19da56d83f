"""Sending email. Every message is a pair of templates: ``<name>_subject.txt`` and ``<name>.txt``."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string

from assay.notifications.backends import ORGANIZATION_HEADER
from assay.notifications.models import OutboxMessage


def send_email(*, to: str, template: str, context: dict[str, Any], organization_id: int | None = None) -> None:
    """Send after the surrounding transaction commits, so a rolled-back action sends nothing.

    ``organization_id`` files the message in that team's outbox when mail stays in the outbox.
    """
    subject = render_to_string(f"{template}_subject.txt", context).strip()
    body = render_to_string(f"{template}.txt", context)
    headers = {ORGANIZATION_HEADER: str(organization_id)} if organization_id else {}
    message = EmailMessage(subject=subject, body=body, from_email=settings.DEFAULT_FROM_EMAIL, to=[to], headers=headers)
    transaction.on_commit(message.send, robust=True)


def forget(organization_id: int, recipient: str, mentions: list[str]) -> int:
    """Delete the organization's kept mail to ``recipient`` or whose text holds one of ``mentions`` (links
    and ids precise enough to name one person only). Returns how many went."""
    about = Q(to__iexact=recipient)
    for mention in mentions:
        about |= Q(subject__contains=mention) | Q(body__contains=mention)
    deleted, _ = OutboxMessage.objects.filter(about, organization_id=organization_id).delete()
    return deleted
