"""The candidate's pages. No account: the signed link in the URL names the candidate (see links.py).

Every failure here is an expected one (a bad link, a second Start, a broken upload) and renders as a page
that says what happened; the candidate's work is never lost by a refusal.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from assay.assessments import links, services
from assay.assessments.forms import JoinForm, StartForm, SurveyForm, UploadForm
from assay.assessments.models import Assessment, Candidate
from assay.assessments.services.invitations import CLOSED_LINK
from assay.assessments.services.workflow import clone_command
from assay.challenges.brief import render_brief
from assay.errors import InvalidInput, NotFound
from assay.grading.models import GradingRun

REVIEWED = (Candidate.State.REVIEWED, Candidate.State.ADVANCED, Candidate.State.REJECTED)


def _breakdown(candidate: Candidate) -> dict[str, Any] | None:
    if not (candidate.assessment.show_breakdown and candidate.state in REVIEWED and candidate.submission_id):
        return None
    run = GradingRun.objects.filter(submission_id=candidate.submission_id, state=GradingRun.State.GRADED).first()
    return {"score": run.score, "skills": run.skills} if run else None


def _page(request: HttpRequest, candidate: Candidate, status: int = 200, **extra: Any) -> HttpResponse:
    assessment = candidate.assessment
    version = assessment.challenge_version
    context = {
        "candidate": candidate,
        "assessment": assessment,
        "version": version,
        "token": links.token_for(candidate),
        # Safe: render_brief escapes raw HTML and neutralises links (see assay.challenges.brief).
        "brief_html": mark_safe(render_brief(version.brief)),  # noqa: S308
        "instructions_html": mark_safe(render_brief(assessment.instructions)),  # noqa: S308
        "start_form": StartForm(assessment.stacks),
        "upload_form": UploadForm(),
        "survey_form": SurveyForm(),
        "breakdown": _breakdown(candidate),
        **extra,
    }
    if candidate.state == Candidate.State.STARTED and "clone" not in context:
        context["clone"] = clone_command(candidate)
    return render(request, "assessments/candidate_page.html", context, status=status)


@require_GET
def candidate_page(request: HttpRequest, token: str) -> HttpResponse:
    return _page(request, services.open_link(links.candidate_for(token)))


@require_POST
def start(request: HttpRequest, token: str) -> HttpResponse:
    candidate = links.candidate_for(token)
    form = StartForm(candidate.assessment.stacks, request.POST)
    if not form.is_valid():
        return _page(request, services.open_link(candidate), status=422, start_form=form)
    services.start(candidate, form.cleaned_data["stack"])
    messages.success(request, "Your repository is ready and the clock has started. Good luck!")
    return redirect("assessments:candidate", token=token)


@require_POST
def upload(request: HttpRequest, token: str) -> HttpResponse:
    candidate = services.open_link(links.candidate_for(token))
    form = UploadForm(request.POST, request.FILES)
    if form.is_valid():
        archive = form.cleaned_data["archive"]
        try:
            commit = services.upload(candidate, archive.read(), archive.name)
        except InvalidInput as error:
            form.add_error("archive", error.detail)
        else:
            messages.success(request, f"Uploaded and committed as {commit[:12]}. Pull before you push again.")
            return redirect("assessments:candidate", token=token)
    return _page(request, candidate, status=422, upload_form=form)


@require_POST
def submit(request: HttpRequest, token: str) -> HttpResponse:
    # One transaction: a submission that fails halfway (the database or the disk gone) leaves the candidate
    # still working, never "submitted" without a submission.
    with transaction.atomic():
        services.submit(links.candidate_for(token))
    messages.success(request, "Submitted. Thank you!")
    return redirect("assessments:candidate", token=token)


@require_POST
def survey(request: HttpRequest, token: str) -> HttpResponse:
    candidate = services.open_link(links.candidate_for(token))
    form = SurveyForm(request.POST)
    if not form.is_valid():
        return _page(request, candidate, status=422, survey_form=form)
    data = form.cleaned_data
    services.record_survey(candidate, difficulty=data["difficulty"], minutes=data["minutes"], feedback=data["feedback"])
    messages.success(request, "Thanks for your feedback.")
    return redirect("assessments:candidate", token=token)


@require_http_methods(["GET", "POST"])
def join(request: HttpRequest, token: str) -> HttpResponse:
    """The reusable invite link: a candidate gives name and email and gets their own assessment."""
    assessment = Assessment.objects.select_related("organization").filter(open_link_token=token).first()
    if assessment is None:
        raise NotFound(CLOSED_LINK)
    form = JoinForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            candidate, created = services.join_by_open_link(
                token, form.cleaned_data["name"], form.cleaned_data["email"]
            )
        except InvalidInput as error:
            form.add_error(None, error.detail)
            status = 422
        else:
            if created:
                return redirect("assessments:candidate", token=links.token_for(candidate))
            return render(request, "assessments/join_sent.html", {"email": candidate.email})
    elif request.method == "POST":
        status = 422
    return render(request, "assessments/join.html", {"assessment": assessment, "form": form}, status=status)
