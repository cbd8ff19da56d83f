"""The hiring team's pages: assessments, inviting candidates, following them, deciding."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from assay.accounts.access import Actor, require_role
from assay.accounts.decorators import member_required
from assay.accounts.requests import TeamRequest
from assay.accounts.roles import Role
from assay.assessments import access, identity, services
from assay.assessments.forms import AssessmentForm, CsvForm, ExtendForm, InviteForm
from assay.assessments.models import Assessment, Candidate
from assay.challenges.brief import render_brief
from assay.errors import InvalidInput
from assay.grading import services as grading
from assay.submissions.models import Submission


def _add_errors(form: Any, error: InvalidInput) -> None:
    for field, problems in (error.fields or {"__all__": [error.detail]}).items():
        for problem in problems:
            form.add_error(field if field in form.fields else None, problem)


def _progress(candidate: Candidate, stages_done: dict[int, str]) -> str:
    """Where grading of the candidate's submission stands, in words: the stage it last finished."""
    submission = candidate.submission
    if submission is None or candidate.state != Candidate.State.SUBMITTED:
        return ""
    if submission.state == Submission.State.QUEUED:
        return "Queued for grading"
    if submission.state == Submission.State.FAILED:
        return "Grading failed"
    stage = stages_done.get(submission.pk)
    return f"Grading: {stage} done" if stage else "Grading: starting"


def _rows(actor: Actor, assessment: Assessment) -> tuple[list[dict[str, Any]], bool]:
    candidates = identity.mask(actor, assessment.candidates.select_related("submission"))
    grading_now = [c.submission_id for c in candidates if c.state == Candidate.State.SUBMITTED and c.submission_id]
    stages_done = grading.last_stages_done(grading_now)  # one query for the whole table, not one per row
    rows, polling = [], False
    for candidate in candidates:
        progress = _progress(candidate, stages_done)
        polling = polling or bool(progress and progress != "Grading failed")
        rows.append({"candidate": candidate, "progress": progress})
    return rows, polling


def _table_context(actor: Actor, assessment: Assessment) -> dict[str, Any]:
    rows, grading = _rows(actor, assessment)
    return {"assessment": assessment, "rows": rows, "polling": grading}


@require_GET
@member_required
def assessment_list(request: TeamRequest) -> HttpResponse:
    actor = request.actor
    return render(request, "assessments/list.html", {"assessments": access.assessments(actor)})


@require_http_methods(["GET", "POST"])
@member_required
def assessment_create(request: TeamRequest) -> HttpResponse:
    actor = request.actor
    require_role(actor, Role.ADMIN, "create assessments")
    form = AssessmentForm(actor, request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                assessment = services.create_assessment(
                    actor,
                    title=data["title"],
                    challenge=form.challenges[data["challenge"]],
                    stacks=data["stacks"],
                    time_limit_minutes=data["time_limit_minutes"],
                    start_window_days=data["start_window_days"],
                    instructions=data["instructions"],
                    reviewer_ids=[int(r) for r in data["reviewers"]],
                    show_breakdown=data["show_breakdown"],
                )
            except InvalidInput as error:
                _add_errors(form, error)
            else:
                messages.success(request, f"Assessment {assessment.title!r} created. Invite candidates below.")
                return redirect("assessments:detail", assessment_id=assessment.pk)
        return render(request, "assessments/create.html", {"form": form}, status=422)
    return render(request, "assessments/create.html", {"form": form})


def _detail(request: TeamRequest, assessment: Assessment, status: int = 200, **extra: Any) -> HttpResponse:
    open_link = (
        settings.SITE_URL + reverse("assessments:join", args=[assessment.open_link_token])
        if assessment.open_link_token
        else ""
    )
    context = {
        **_table_context(request.actor, assessment),
        "invite_form": InviteForm(),
        "csv_form": CsvForm(),
        "open_link": open_link,
        # Safe: render_brief escapes raw HTML and neutralises links (see assay.challenges.brief).
        "instructions_html": mark_safe(render_brief(assessment.instructions)),  # noqa: S308
        "reviewers": assessment.reviewers.all(),
        **extra,
    }
    return render(request, "assessments/detail.html", context, status=status)


@require_GET
@member_required
def assessment_detail(request: TeamRequest, assessment_id: int) -> HttpResponse:
    return _detail(request, access.assessment(request.actor, assessment_id))


@require_GET
@member_required
def candidates_fragment(request: TeamRequest, assessment_id: int) -> HttpResponse:
    """The candidates table alone: what the detail page polls while a grading runs."""
    assessment = access.assessment(request.actor, assessment_id)
    context = _table_context(request.actor, assessment)
    return render(request, "assessments/candidates_table.html", context)


@require_POST
@member_required
def invite(request: TeamRequest, assessment_id: int) -> HttpResponse:
    actor = request.actor
    assessment = access.assessment(actor, assessment_id)
    form = InviteForm(request.POST)
    if form.is_valid():
        try:
            candidate, created = services.invite(
                actor, assessment, form.cleaned_data["name"], form.cleaned_data["email"]
            )
        except InvalidInput as error:
            _add_errors(form, error)
        else:
            said = "invited" if created else "was already invited; nothing new was created"
            messages.success(request, f"{candidate.name} <{candidate.email}> {said}.")
            return redirect("assessments:detail", assessment_id=assessment.pk)
    return _detail(request, assessment, status=422, invite_form=form)


@require_POST
@member_required
def invite_csv(request: TeamRequest, assessment_id: int) -> HttpResponse:
    actor = request.actor
    assessment = access.assessment(actor, assessment_id)
    form = CsvForm(request.POST, request.FILES)
    rows: list[services.CsvRow] = []
    if form.is_valid():
        try:
            text = form.text()
            rows = services.check_csv(assessment, text)
            invited = services.invite_many(actor, assessment, text)
        except InvalidInput as error:
            form.add_error(None, error.detail)
        except ValidationError as error:  # the uploaded file is too large
            form.add_error("file", error)
        else:
            messages.success(request, f"Invited {len(invited)} candidate{'s' if len(invited) != 1 else ''}.")
            return redirect("assessments:detail", assessment_id=assessment.pk)
    return _detail(request, assessment, status=422, csv_form=form, csv_rows=rows)


@require_POST
@member_required
def open_link(request: TeamRequest, assessment_id: int) -> HttpResponse:
    actor = request.actor
    assessment = access.assessment(actor, assessment_id)
    wanted = request.POST.get("open") == "1"
    services.set_open_link(actor, assessment, open=wanted)
    messages.success(request, "The invite link is open." if wanted else "The invite link is closed.")
    return redirect("assessments:detail", assessment_id=assessment.pk)


@require_GET
@member_required
def candidate_detail(request: TeamRequest, candidate_id: int) -> HttpResponse:
    actor = request.actor
    candidate = identity.mask(actor, [access.candidate(actor, candidate_id)])[0]
    context = {
        "candidate": candidate,
        "events": identity.events(candidate),
        "extend_form": ExtendForm(),
        "blind": identity.hidden(actor, candidate),
    }
    return render(request, "assessments/candidate.html", context)


def _back(candidate: Candidate) -> HttpResponse:
    return redirect("assessments:detail", assessment_id=candidate.assessment_id)


@require_POST
@member_required
def resend(request: TeamRequest, candidate_id: int) -> HttpResponse:
    actor = request.actor
    candidate = services.resend(actor, access.candidate(actor, candidate_id))
    messages.success(request, f"Invitation sent again to {candidate.email}.")
    return _back(candidate)


@require_POST
@member_required
def withdraw(request: TeamRequest, candidate_id: int) -> HttpResponse:
    actor = request.actor
    candidate = services.withdraw(actor, access.candidate(actor, candidate_id))
    messages.success(request, f"{candidate.name} was withdrawn; their link no longer works.")
    return _back(candidate)


@require_POST
@member_required
def extend(request: TeamRequest, candidate_id: int) -> HttpResponse:
    actor = request.actor
    candidate = access.candidate(actor, candidate_id)
    form = ExtendForm(request.POST)
    if not form.is_valid():
        raise InvalidInput("Extend by whole days and minutes, up to 30 days.")
    services.extend(actor, candidate, days=form.cleaned_data["days"] or 0, minutes=form.cleaned_data["minutes"] or 0)
    messages.success(request, f"More time given to {candidate.name}.")
    return _back(candidate)
