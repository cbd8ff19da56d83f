"""The dashboard (the site's home page): the pipeline, what waits for my scorecard, recent decisions."""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from assay.accounts import access as accounts_access
from assay.accounts.decorators import member_required
from assay.accounts.requests import TeamRequest
from assay.reviews.services import dashboard as board


@require_GET
@member_required
def dashboard(request: TeamRequest) -> HttpResponse:
    actor = request.actor
    pipeline = board.pipeline(actor)
    context = {
        "pipeline": pipeline,
        "columns": list(board.COLUMNS),
        "waiting": board.waiting_for(actor),
        "decisions": board.recent_decisions(actor),
        "member_count": accounts_access.members(actor).count(),
        "key_count": accounts_access.api_keys(actor).filter(revoked_at__isnull=True).count(),
    }
    return render(request, "reviews/dashboard.html", context)
