"""The report page of a submission, its earlier runs, what changed between two runs, and re-grading."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.clickjacking import xframe_options_sameorigin
from django.views.decorators.http import require_GET, require_POST

from assay.accounts.access import require_role
from assay.accounts.decorators import member_required
from assay.accounts.requests import TeamRequest
from assay.accounts.roles import Role
from assay.audit import events as audit_events
from assay.audit.services import record as audit
from assay.errors import InvalidInput, NotFound
from assay.grading import services as grading
from assay.reviews import access, blind, charts, markup
from assay.reviews.services import narrative_display, narratives, pages
from assay.reviews.services.report import flips


def _render_report(request: TeamRequest, submission_id: int, number: int | None) -> HttpResponse:
    submission = access.submission(request.actor, submission_id)
    context = pages.report_context(submission, number)
    blind.mask_report(request.actor, context)
    if number and context["run"] is None:
        raise NotFound(f"Submission {submission_id} has no run {number} in this organization.")
    for group in context["groups"]:
        group.checks_html = markup.check_items(group.checks)
        for cause in group.blocked:
            cause.checks_html = markup.check_items(cause.checks)
    for finding in context["findings"]:
        finding["details_html"] = markup.finding_details(finding)
    context["skill_chart"] = charts.skill_chart(context["skills"], context["assessed"], context["medians"])
    context["histogram"] = charts.histogram(context["load"].get("result") or {})
    context["schema"] = charts.schema_diagram(context["tables"])
    limit = context["candidate"].assessment.time_limit_minutes if context["candidate"] else None
    context["commit_chart"] = charts.commit_chart(context["commits"], limit)
    _add_narrative(request, context)
    return render(request, "reviews/report.html", context)


def _add_narrative(request: TeamRequest, context: dict[str, Any]) -> None:
    narrative = narratives.of_run(request.actor, context["run"])
    context["narrative"] = narrative
    if narrative is not None:
        context["narrative_sections"] = narrative_display.sections(narrative, context["stored"])
        context["narrative_label"] = narrative_display.LABEL


# Framed beside the code in a live session's interviewer panel (same site only).
@xframe_options_sameorigin
@require_GET
@member_required
def report(request: TeamRequest, submission_id: int) -> HttpResponse:
    return _render_report(request, submission_id, None)


@require_GET
@member_required
def run(request: TeamRequest, submission_id: int, number: int) -> HttpResponse:
    return _render_report(request, submission_id, number)


@require_GET
@member_required
def compare(request: TeamRequest, submission_id: int) -> HttpResponse:
    """What changed between two runs (?a=older&b=newer); by default the latest run against the one before."""
    submission = access.submission(request.actor, submission_id)
    latest = grading.latest_run(submission)
    b_default = latest.number if latest else 1
    blind.mask_submission(request.actor, submission)
    try:
        numbers = int(request.GET.get("a", max(1, b_default - 1))), int(request.GET.get("b", b_default))
    except ValueError:
        raise InvalidInput("Pick two runs to compare, by number (?a=1&b=2).") from None
    runs = [grading.run_of(submission, n) for n in numbers]
    if None in runs:
        raise NotFound(f"Submission {submission_id} has no such run in this organization.")
    older, newer = (grading.report_of(r) for r in runs if r is not None)
    context = {"submission": submission, "a": numbers[0], "b": numbers[1], "changes": flips(older, newer)}
    return render(request, "reviews/compare.html", context)


@require_POST
@member_required
def regrade(request: TeamRequest, submission_id: int) -> HttpResponse:
    actor = request.actor
    require_role(actor, Role.ADMIN, "re-grade submissions")
    submission = grading.regrade(access.submission(actor, submission_id))
    audit(actor, audit_events.REGRADE, target=submission)
    messages.success(request, "Queued for grading again; the earlier runs stay listed below.")
    return redirect("reviews:report", submission_id=submission.pk)
