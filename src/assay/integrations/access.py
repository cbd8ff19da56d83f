"""Who may see which webhooks: admins and owners of the organization that registered them.

Another organization's endpoint or delivery is absent from these querysets, so asking for it is a 404.
"""

from __future__ import annotations

from django.core.exceptions import ObjectDoesNotExist
from django.db.models import QuerySet

from assay.accounts.access import Actor, require_role
from assay.accounts.roles import Role
from assay.errors import NotFound
from assay.integrations.models import WebhookDelivery, WebhookEndpoint


def endpoints(actor: Actor) -> QuerySet[WebhookEndpoint]:
    require_role(actor, Role.ADMIN, "manage webhooks")
    return WebhookEndpoint.objects.filter(organization=actor.organization)


def endpoint(actor: Actor, endpoint_id: int) -> WebhookEndpoint:
    try:
        return endpoints(actor).get(pk=endpoint_id)
    except ObjectDoesNotExist:
        raise NotFound(f"No webhook with id {endpoint_id} in this organization.") from None


def deliveries(actor: Actor, endpoint_id: int) -> QuerySet[WebhookDelivery]:
    return endpoint(actor, endpoint_id).deliveries.prefetch_related("attempt_log")


def delivery(actor: Actor, endpoint_id: int, delivery_id: int) -> WebhookDelivery:
    try:
        return deliveries(actor, endpoint_id).get(pk=delivery_id)
    except ObjectDoesNotExist:
        raise NotFound(f"No delivery with id {delivery_id} of this webhook.") from None
