"""How API callers prove who they are: an API key as a bearer token, or a signed-in session."""

from __future__ import annotations

from typing import Any, cast

from django.http import HttpRequest
from ninja.security import APIKeyCookie, HttpBearer

from assay.accounts.access import Actor, actor_for_user
from assay.accounts.requests import OrganizationRequest
from assay.accounts.services import actor_for_api_key


class ApiRequest(HttpRequest):
    """A request django-ninja authenticated: ``auth`` is what one of the classes below returned."""

    auth: Actor


class ApiKeyBearer(HttpBearer):
    openapi_description = "An organization API key: `Authorization: Bearer assay_…`. Create one on the API keys page."

    def authenticate(self, request: HttpRequest, token: str) -> Actor | None:
        actor = actor_for_api_key(token)
        if actor is not None:
            cast(OrganizationRequest, request).actor = actor
        return actor


class TeamSession(APIKeyCookie):
    """The browser session of a signed-in team member (CSRF-checked for writes)."""

    param_name = "sessionid"

    def authenticate(self, request: HttpRequest, key: str | None) -> Actor | None:
        user: Any = getattr(request, "user", None)
        if not user or not user.is_authenticated:
            return None
        actor = actor_for_user(user, request.session.get("organization_id"))
        if actor is not None:
            cast(OrganizationRequest, request).actor = actor
        return actor


def actor_of(request: HttpRequest) -> Actor:
    """The actor ninja authenticated for this API call (every route requires one)."""
    return cast(ApiRequest, request).auth
