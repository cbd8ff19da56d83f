"""The organization's AI reviewer settings page: every member sees whether it is on; only owners change it."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from assay.accounts.access import require_role
from assay.accounts.decorators import member_required
from assay.accounts.requests import TeamRequest
from assay.accounts.roles import Role
from assay.errors import InvalidInput
from assay.reviews.models import AIReviewer
from assay.reviews.services import ai_settings, narratives


class AIReviewerForm(forms.Form):
    enabled = forms.BooleanField(
        required=False, label="Send each graded submission's report and code to this endpoint for a narrative"
    )
    base_url = forms.URLField(
        required=False,
        max_length=500,
        assume_scheme="https",
        label="Endpoint base URL",
        help_text="e.g. https://api.openai.com/v1",
    )
    model = forms.CharField(required=False, max_length=200, label="Model")
    api_key = forms.CharField(
        required=False,
        max_length=500,
        label="API key",
        widget=forms.PasswordInput(attrs={"autocomplete": "off"}),
        help_text="Stored encrypted and never shown again; leave blank to keep the stored key.",
    )
    clear_key = forms.BooleanField(required=False, label="Remove the stored key")
    submission_token_budget = forms.IntegerField(min_value=0, label="Token budget per submission")
    monthly_token_budget = forms.IntegerField(min_value=0, label="Token budget per month for the organization")


def _initial(reviewer: AIReviewer) -> dict[str, object]:
    return {
        "enabled": reviewer.enabled,
        "base_url": reviewer.base_url,
        "model": reviewer.model,
        "submission_token_budget": reviewer.submission_token_budget,
        "monthly_token_budget": reviewer.monthly_token_budget,
    }


def _page(request: TeamRequest, form: AIReviewerForm | None = None, status: int = 200) -> HttpResponse:
    reviewer = ai_settings.of(request.actor.organization)
    context = {
        "reviewer": reviewer,
        "has_key": bool(reviewer.api_key_encrypted),
        "form": form or AIReviewerForm(initial=_initial(reviewer)),
        "can_change": request.actor.role == Role.OWNER,
        "used_this_month": narratives.tokens_this_month(request.actor.organization.pk),
    }
    return render(request, "reviews/ai_reviewer.html", context, status=status)


@require_http_methods(["GET", "POST"])
@member_required
def settings_page(request: TeamRequest) -> HttpResponse:
    if request.method == "GET":
        return _page(request)
    require_role(request.actor, Role.OWNER, "change the AI reviewer")
    form = AIReviewerForm(request.POST)
    if not form.is_valid():
        return _page(request, form, status=422)
    try:
        reviewer = ai_settings.update(request.actor, ai_settings.Change(**form.cleaned_data))
    except InvalidInput as error:
        for field, problems in (error.fields or {"__all__": [error.detail]}).items():
            for problem in problems:
                form.add_error(field if field in form.fields else None, problem)
        return _page(request, form, status=422)
    messages.success(request, "The AI reviewer is on." if reviewer.enabled else "The AI reviewer is off.")
    return redirect("reviews:ai-reviewer")
