"""The report task: an order id and an attempt number in; the order keeps what was reported."""

from __future__ import annotations

from django_tasks import task

from assay.integrations.greenhouse import services


@task()
def report_to_greenhouse(order_id: int, attempt: int) -> str:
    """Send one candidate's status to Greenhouse; a failure queues the next attempt later."""
    return services.report(order_id, attempt)
