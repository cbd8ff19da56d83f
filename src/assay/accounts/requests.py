"""The request types team views receive, so the acting member is typed wherever a view reads it."""

from __future__ import annotations

from django.http import HttpRequest

from assay.accounts.access import Actor
from assay.accounts.models import User


class OrganizationRequest(HttpRequest):
    """Any request after the current-organization middleware: ``actor`` is None unless a member signed in."""

    actor: Actor | None


class TeamRequest(HttpRequest):
    """A request that passed ``member_required``: a signed-in member acting in one organization."""

    actor: Actor
    user: User
