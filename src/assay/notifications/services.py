"""Sending email. Every message is a pair of templates: ``<name>_subject.txt`` and ``<name>.txt``."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string

from assay.notifications.backends import ORGANIZATION_HEADER


def send_email(*, to: str, template: str, context: dict[str, Any], organization_id: int | None = None) -> None:
    """Send after the surrounding transaction commits, so a rolled-back action sends nothing.

    ``organization_id`` files the message in that team's outbox when mail stays in the outbox.
    """
    subject = render_to_string(f"{template}_subject.txt", context).strip()
    body = render_to_string(f"{template}.txt", context)
    headers = {ORGANIZATION_HEADER: str(organization_id)} if organization_id else {}
    message = EmailMessage(subject=subject, body=body, from_email=settings.DEFAULT_FROM_EMAIL, to=[to], headers=headers)
    transaction.on_commit(message.send, robust=True)
