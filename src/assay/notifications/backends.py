"""An email backend for the embedded default: messages land in the outbox and the log."""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence

from django.core.mail import EmailMessage
from django.core.mail.backends.base import BaseEmailBackend

from assay.notifications.models import OutboxMessage

logger = logging.getLogger("assay.outbox")
ORGANIZATION_HEADER = "X-Assay-Organization"
_LINK = re.compile(r"https?://\S+")


class OutboxBackend(BaseEmailBackend):
    def send_messages(self, email_messages: Sequence[EmailMessage]) -> int:
        for message in email_messages:
            body = str(message.body)
            organization_id = message.extra_headers.pop(ORGANIZATION_HEADER, None)
            OutboxMessage.objects.create(
                organization_id=organization_id, to=", ".join(message.to), subject=str(message.subject), body=body
            )
            links = " ".join(_LINK.findall(body))
            logger.info("Email to %s: %s %s", ", ".join(message.to), message.subject, links)
        return len(email_messages)
