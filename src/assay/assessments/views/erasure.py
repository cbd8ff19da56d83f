"""Erasing a candidate from the team's pages: a confirmation page that says what goes, then the erasure."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from assay.accounts.access import require_role
from assay.accounts.decorators import member_required
from assay.accounts.requests import TeamRequest
from assay.accounts.roles import Role
from assay.assessments import access, identity, services


@require_http_methods(["GET", "POST"])
@member_required
def erase(request: TeamRequest, candidate_id: int) -> HttpResponse:
    actor = request.actor
    candidate = access.candidate(actor, candidate_id)
    require_role(actor, Role.ADMIN, "erase candidates")
    if request.method == "GET":
        # Under blind review the page names the candidate as this member may see them (an alias).
        shown = identity.mask(actor, [candidate])[0]
        return render(request, "assessments/erase.html", {"candidate": shown})
    if request.POST.get("confirm") != "erase":
        messages.error(request, "Tick the confirmation to erase the candidate.")
        return redirect("assessments:erase", candidate_id=candidate.pk)
    assessment_id = candidate.assessment_id
    services.erase_candidate(actor, candidate)
    messages.success(request, "The candidate was erased. The audit log records that it happened, and nothing of them.")
    return redirect("assessments:detail", assessment_id=assessment_id)
