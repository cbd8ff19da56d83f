"""Webhook endpoints (admins and owners), the events sent to them, and each delivery's attempts.

An event becomes one WebhookDelivery per endpoint that wants it, in the transaction of the change it reports,
and its first attempt is queued once that transaction commits. A failed attempt queues the next one after
RETRY_DELAYS (exponential, over a day and a half in all); when the last one fails too the endpoint is disabled
and its organization's owners get an email.
"""

from __future__ import annotations

import json
import uuid
from datetime import timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone

from assay.accounts.access import Actor, require_role
from assay.accounts.models import Membership
from assay.accounts.roles import Role
from assay.audit import events as audit_events
from assay.audit.services import record as audit
from assay.errors import InvalidInput
from assay.integrations.models import EVENT_TYPES, WebhookAttempt, WebhookDelivery, WebhookEndpoint
from assay.integrations.webhooks import addresses, sender, signing
from assay.notifications.services import send_email

# Seconds before attempts 2, 3, ... (each five times the last, the final one capped at a day).
RETRY_DELAYS = (60, 300, 1500, 7200, 36000, 86400)
MAX_ATTEMPTS = len(RETRY_DELAYS) + 1
MAX_OVERLAP_HOURS = 7 * 24
D = WebhookDelivery.State


def _check(url: str, events: list[str]) -> list[str]:
    addresses.resolve(url)
    unknown = sorted(set(events) - set(EVENT_TYPES))
    if unknown:
        raise InvalidInput(
            f"Unknown event types: {', '.join(unknown)}.", fields={"events": [f"One of {', '.join(EVENT_TYPES)}."]}
        )
    return sorted(set(events))


def create_endpoint(
    actor: Actor, *, url: str, description: str = "", events: list[str] | None = None
) -> WebhookEndpoint:
    require_role(actor, Role.ADMIN, "manage webhooks")
    chosen = _check(url, list(events or []))
    endpoint = WebhookEndpoint.objects.create(
        organization=actor.organization,
        url=url,
        description=description.strip()[:200],
        events=chosen,
        secret=signing.new_secret(),
    )
    audit(actor, audit_events.SETTINGS, target=endpoint, summary=f"Added the webhook {url}")
    return endpoint


def update_endpoint(actor: Actor, endpoint: WebhookEndpoint, **changes: Any) -> WebhookEndpoint:
    """Change the URL, description, events or whether it is active; turning it on again clears why it was off."""
    require_role(actor, Role.ADMIN, "manage webhooks")
    url = changes.get("url") or endpoint.url
    events = changes["events"] if changes.get("events") is not None else endpoint.events
    endpoint.events = _check(url, list(events))
    endpoint.url = url
    if changes.get("description") is not None:
        endpoint.description = str(changes["description"]).strip()[:200]
    if changes.get("active") is not None:
        endpoint.active = bool(changes["active"])
        endpoint.disabled_reason = "" if endpoint.active else "Turned off by a team member."
    endpoint.save()
    audit(actor, audit_events.SETTINGS, target=endpoint, summary=f"Changed the webhook {endpoint.url}")
    return endpoint


def rotate_secret(actor: Actor, endpoint: WebhookEndpoint, overlap_hours: int = 24) -> WebhookEndpoint:
    """A new secret signs from now on; the old one signs too until the overlap ends."""
    require_role(actor, Role.ADMIN, "manage webhooks")
    if not 0 <= overlap_hours <= MAX_OVERLAP_HOURS:
        raise InvalidInput(
            f"The overlap is 0 to {MAX_OVERLAP_HOURS} hours.", fields={"overlap_hours": ["Out of range."]}
        )
    endpoint.previous_secret = endpoint.secret
    endpoint.previous_secret_expires_at = timezone.now() + timedelta(hours=overlap_hours)
    endpoint.secret = signing.new_secret()
    endpoint.save(update_fields=["secret", "previous_secret", "previous_secret_expires_at"])
    audit(actor, audit_events.SETTINGS, target=endpoint, summary=f"Rotated the secret of the webhook {endpoint.url}")
    return endpoint


def delete_endpoint(actor: Actor, endpoint: WebhookEndpoint) -> None:
    require_role(actor, Role.ADMIN, "manage webhooks")
    audit(actor, audit_events.SETTINGS, target=endpoint, summary=f"Deleted the webhook {endpoint.url}")
    endpoint.delete()


def wanted(organization_id: int, event_type: str) -> list[WebhookEndpoint]:
    """The organization's active endpoints that take ``event_type`` (most organizations have none)."""
    return [e for e in WebhookEndpoint.objects.filter(organization_id=organization_id) if e.wants(event_type)]


def emit(organization_id: int, event_type: str, obj: dict[str, Any]) -> list[WebhookDelivery]:
    """Record the event for every endpoint of the organization that wants it; send after the commit."""
    endpoints = wanted(organization_id, event_type)
    if not endpoints:
        return []
    event_id = uuid.uuid4()
    time = timezone.now().isoformat().replace("+00:00", "Z")
    body = json.dumps({"id": str(event_id), "type": event_type, "time": time, "object": obj}, default=str)
    deliveries = [
        WebhookDelivery.objects.create(endpoint=e, event_id=event_id, event_type=event_type, body=body)
        for e in endpoints
    ]
    for delivery in deliveries:
        _queue(delivery, 1, delay=0)
    return deliveries


def redeliver(actor: Actor, delivery: WebhookDelivery) -> WebhookDelivery:
    """Send the same event (same id and body) again, as a new delivery with attempts of its own."""
    require_role(actor, Role.ADMIN, "manage webhooks")
    again = WebhookDelivery.objects.create(
        endpoint=delivery.endpoint, event_id=delivery.event_id, event_type=delivery.event_type, body=delivery.body
    )
    _queue(again, 1, delay=0)
    return again


def _queue(delivery: WebhookDelivery, attempt: int, delay: int) -> None:
    from assay.integrations.webhooks.tasks import deliver_webhook

    when = timezone.now() + timedelta(seconds=delay)
    WebhookDelivery.objects.filter(pk=delivery.pk).update(next_attempt_at=when)
    task = deliver_webhook.using(run_after=when) if delay else deliver_webhook
    transaction.on_commit(lambda: task.enqueue(delivery.pk, attempt))


def signing_secrets(endpoint: WebhookEndpoint) -> list[str]:
    expires = endpoint.previous_secret_expires_at
    overlapping = endpoint.previous_secret and expires and expires > timezone.now()
    return [endpoint.secret, endpoint.previous_secret] if overlapping else [endpoint.secret]


def attempt(delivery_id: int, number: int) -> str:
    """Make attempt ``number`` of a delivery: claimed with a conditional UPDATE, so running twice sends once."""
    claimed = WebhookDelivery.objects.filter(pk=delivery_id, state=D.PENDING, attempts=number - 1).update(
        attempts=number, next_attempt_at=None
    )
    if not claimed:
        return "skipped: already attempted"
    delivery = WebhookDelivery.objects.select_related("endpoint").get(pk=delivery_id)
    endpoint = delivery.endpoint
    if not endpoint.active:
        _log(delivery, number, sender.Answer(None, error="The endpoint is disabled."))
        WebhookDelivery.objects.filter(pk=delivery_id).update(state=D.FAILED)
        return "failed: endpoint disabled"
    body = delivery.body.encode()
    stamp = int(timezone.now().timestamp())
    headers = signing.headers(signing_secrets(endpoint), str(delivery.event_id), delivery.event_type, stamp, body)
    answer = sender.post(endpoint.url, body, headers)
    _log(delivery, number, answer)
    if answer.succeeded:
        WebhookDelivery.objects.filter(pk=delivery_id).update(state=D.DELIVERED)
        return f"delivered: {answer.status_code}"
    if number < MAX_ATTEMPTS:
        _queue(delivery, number + 1, delay=RETRY_DELAYS[number - 1])
        return f"retrying: {answer.status_code or answer.error}"
    WebhookDelivery.objects.filter(pk=delivery_id).update(state=D.FAILED)
    _disable(endpoint, delivery)
    return "failed: endpoint disabled"


def _log(delivery: WebhookDelivery, number: int, answer: sender.Answer) -> None:
    WebhookAttempt.objects.create(
        delivery=delivery,
        number=number,
        status_code=answer.status_code,
        error=answer.error,
        response_excerpt=answer.excerpt,
        succeeded=answer.succeeded,
    )


def _disable(endpoint: WebhookEndpoint, delivery: WebhookDelivery) -> None:
    """Stop sending to a receiver that failed every attempt of a delivery, and tell the owners."""
    reason = f"Every attempt to deliver {delivery.event_type} ({delivery.event_id}) failed over {MAX_ATTEMPTS} tries."
    if not WebhookEndpoint.objects.filter(pk=endpoint.pk, active=True).update(active=False, disabled_reason=reason):
        return
    owners = Membership.objects.filter(organization_id=endpoint.organization_id, role=Role.OWNER, user__is_active=True)
    for membership in owners.select_related("user", "organization"):
        send_email(
            to=membership.user.email,
            template="integrations/email/webhook_disabled",
            context={"endpoint": endpoint, "reason": reason, "organization": membership.organization},
            organization_id=endpoint.organization_id,
        )
