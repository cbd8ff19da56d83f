"""The outbox of one organization. Callers pass the acting organization, so mail needs nothing of accounts."""

from __future__ import annotations

from django.db.models import QuerySet

from assay.notifications.models import OutboxMessage


def outbox(organization_id: int) -> QuerySet[OutboxMessage]:
    return OutboxMessage.objects.filter(organization_id=organization_id)
