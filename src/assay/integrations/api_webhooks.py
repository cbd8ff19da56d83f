"""Webhook endpoints, their secrets and their delivery log over the REST API (admins and owners)."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Router
from ninja.pagination import paginate

from assay.accounts.auth import actor_of
from assay.accounts.pagination import Pagination
from assay.integrations import access
from assay.integrations.models import WebhookDelivery, WebhookEndpoint
from assay.integrations.schemas import DeliveryOut, RotateIn, WebhookIn, WebhookOut, WebhookPatch, WebhookWithSecret
from assay.integrations.webhooks import services

router = Router(tags=["webhooks"])


@router.get("/webhooks", response=list[WebhookOut])
@paginate(Pagination)
def list_webhooks(request: HttpRequest) -> QuerySet[WebhookEndpoint]:
    """The organization's webhook endpoints (never their secrets)."""
    return access.endpoints(actor_of(request))


@router.post("/webhooks", response={201: WebhookWithSecret})
def create_webhook(request: HttpRequest, payload: WebhookIn) -> tuple[int, WebhookEndpoint]:
    """Register an endpoint; the answer carries its signing secret. Private and loopback addresses are refused."""
    endpoint = services.create_endpoint(
        actor_of(request), url=payload.url, description=payload.description, events=payload.events
    )
    return 201, endpoint


@router.get("/webhooks/{webhook_id}", response=WebhookOut)
def get_webhook(request: HttpRequest, webhook_id: int) -> WebhookEndpoint:
    """One webhook endpoint."""
    return access.endpoint(actor_of(request), webhook_id)


@router.patch("/webhooks/{webhook_id}", response=WebhookOut)
def update_webhook(request: HttpRequest, webhook_id: int, payload: WebhookPatch) -> WebhookEndpoint:
    """Change an endpoint's URL, description or events, or turn it on (again) or off."""
    actor = actor_of(request)
    return services.update_endpoint(actor, access.endpoint(actor, webhook_id), **payload.dict())


@router.delete("/webhooks/{webhook_id}", response={204: None})
def delete_webhook(request: HttpRequest, webhook_id: int) -> tuple[int, None]:
    """Delete an endpoint and its delivery log."""
    actor = actor_of(request)
    services.delete_endpoint(actor, access.endpoint(actor, webhook_id))
    return 204, None


@router.post("/webhooks/{webhook_id}/rotate-secret", response=WebhookWithSecret)
def rotate_webhook_secret(request: HttpRequest, webhook_id: int, payload: RotateIn) -> WebhookEndpoint:
    """Give the endpoint a new secret; the old one keeps signing too for overlap_hours."""
    actor = actor_of(request)
    return services.rotate_secret(actor, access.endpoint(actor, webhook_id), payload.overlap_hours)


@router.get("/webhooks/{webhook_id}/deliveries", response=list[DeliveryOut])
@paginate(Pagination)
def list_deliveries(request: HttpRequest, webhook_id: int) -> QuerySet[WebhookDelivery]:
    """The delivery log, newest first: each event sent, and every attempt with the receiver's answer."""
    return access.deliveries(actor_of(request), webhook_id)


@router.post("/webhooks/{webhook_id}/deliveries/{delivery_id}/redeliver", response={202: DeliveryOut})
def redeliver(request: HttpRequest, webhook_id: int, delivery_id: int) -> tuple[int, WebhookDelivery]:
    """Send a delivery's event again (same id and body) as a new delivery."""
    actor = actor_of(request)
    return 202, services.redeliver(actor, access.delivery(actor, webhook_id, delivery_id))
