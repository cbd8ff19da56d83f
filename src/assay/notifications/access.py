from __future__ import annotations

from django.db.models import QuerySet

from assay.accounts.access import Actor
from assay.notifications.models import OutboxMessage


def outbox(actor: Actor) -> QuerySet[OutboxMessage]:
    return OutboxMessage.objects.filter(organization=actor.organization)
