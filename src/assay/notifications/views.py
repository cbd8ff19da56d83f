"""The outbox page: what the embedded default would have emailed for this team."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from assay.accounts.access import require_role
from assay.accounts.roles import Role
from assay.notifications import access
from assay.web.decorators import member_required


@member_required
def outbox(request: HttpRequest) -> HttpResponse:
    actor = request.actor  # type: ignore[attr-defined]
    require_role(actor, Role.ADMIN, "read the outbox")
    return render(request, "notifications/outbox.html", {"outbox": access.outbox(actor)[:100]})
