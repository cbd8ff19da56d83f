"""An assessment's comparison page and its CSV export, and its blind-review setting."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from assay.accounts.decorators import member_required
from assay.accounts.requests import TeamRequest
from assay.assessments import access as assessment_access
from assay.audit import events as audit_events
from assay.audit.services import record as audit
from assay.grading.report import SKILLS
from assay.reviews import blind
from assay.reviews.services import comparison


@require_GET
@member_required
def comparison_page(request: TeamRequest, assessment_id: int) -> HttpResponse:
    """Sortable with ?sort=<column>&order=asc|desc (links in the headers; no script needed)."""
    actor = request.actor
    assessment = assessment_access.assessment(actor, assessment_id)
    key = request.GET.get("sort", "name")
    descending = request.GET.get("order") == "desc"
    rows = comparison.sort(comparison.rows(actor, assessment), key, descending)
    context = {
        "assessment": assessment,
        "rows": rows,
        "sort": key,
        "descending": descending,
        "skills": [(s, s.replace("_", " ").capitalize()) for s in SKILLS],
        "blind_on": blind.enabled(assessment),
        "blind": blind.enabled(assessment) and actor.role != "owner",
        "can_set_blind": actor.role in ("admin", "owner"),
    }
    return render(request, "reviews/comparison.html", context)


@require_GET
@member_required
def comparison_csv(request: TeamRequest, assessment_id: int) -> HttpResponse:
    actor = request.actor
    assessment = assessment_access.assessment(actor, assessment_id)
    rows = comparison.sort(comparison.rows(actor, assessment), request.GET.get("sort", "name"), False)
    audit(actor, audit_events.EXPORT, target=assessment, summary="Candidate comparison as CSV")
    response = HttpResponse(comparison.to_csv(rows), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="assessment-{assessment.pk}-candidates.csv"'
    return response


@require_POST
@member_required
def blind_setting(request: TeamRequest, assessment_id: int) -> HttpResponse:
    actor = request.actor
    assessment = assessment_access.assessment(actor, assessment_id)
    on = request.POST.get("blind") == "on"
    blind.set_enabled(actor, assessment, on)
    messages.success(request, "Blind review is on." if on else "Blind review is off.")
    return redirect("reviews:comparison", assessment_id=assessment.pk)
