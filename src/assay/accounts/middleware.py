"""The acting organization of every page request."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from assay.accounts.access import actor_for_user
from assay.accounts.requests import OrganizationRequest


class CurrentOrganizationMiddleware:
    """Sets ``request.actor``: the signed-in member acting in the organization they picked (or their first)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: OrganizationRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        organization_id = request.session.get("organization_id")
        request.actor = actor_for_user(user, organization_id) if user is not None and user.is_authenticated else None
        return self.get_response(request)
