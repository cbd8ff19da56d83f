"""What every page's layout needs: the acting member and the organizations they can switch to."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from assay.accounts.access import memberships_of


def navigation(request: HttpRequest) -> dict[str, Any]:
    actor = getattr(request, "actor", None)
    if actor is None or actor.user is None:
        return {"actor": None}
    return {"actor": actor, "memberships": memberships_of(actor.user)}
