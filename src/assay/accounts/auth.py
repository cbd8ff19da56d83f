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

    def __call__(self, request: HttpRequest) -> Actor | None:
        # A caller who sent an Authorization header chose key authentication: when the key was refused, the
        # answer is the key's 401, never the session's CSRF 403. Without a signed-in user there is no session
        # to protect either, so the CSRF check only runs for a real session.
        if "Authorization" in request.headers or not _signed_in(request):
            return None
        return super().__call__(request)

    def authenticate(self, request: HttpRequest, key: str | None) -> Actor | None:
        user: Any = getattr(request, "user", None)
        if not user or not user.is_authenticated:
            return None
        actor = actor_for_user(user, request.session.get("organization_id"))
        if actor is not None:
            cast(OrganizationRequest, request).actor = actor
        return actor


def _signed_in(request: HttpRequest) -> bool:
    user: Any = getattr(request, "user", None)
    return bool(user and user.is_authenticated)


def actor_of(request: HttpRequest) -> Actor:
    """The actor ninja authenticated for this API call (every route requires one)."""
    return cast(ApiRequest, request).auth
