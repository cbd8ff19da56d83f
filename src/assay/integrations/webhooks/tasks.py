"""The delivery task: ids in, the delivery row says whether this attempt was already made."""

from __future__ import annotations

from django_tasks import task

from assay.integrations.webhooks import services


@task()
def deliver_webhook(delivery_id: int, attempt: int) -> str:
    """Make one attempt at a webhook delivery; a failure queues the next attempt later."""
    return services.attempt(delivery_id, attempt)
