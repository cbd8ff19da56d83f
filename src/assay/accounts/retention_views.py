"""The owners' data-retention setting: how long candidates are kept after the decision on them."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from assay.accounts import services
from assay.accounts.access import require_role
from assay.accounts.decorators import member_required
from assay.accounts.requests import TeamRequest
from assay.accounts.roles import Role
from assay.errors import InvalidInput


class RetentionForm(forms.Form):
    retention_days = forms.IntegerField(
        required=False, label="Days after the decision", help_text="Empty: keep candidates until erased by hand."
    )


@require_http_methods(["GET", "POST"])
@member_required
def retention(request: TeamRequest) -> HttpResponse:
    actor = request.actor
    require_role(actor, Role.OWNER, "change data retention")
    form = RetentionForm(request.POST or None, initial={"retention_days": actor.organization.retention_days})
    if request.method == "POST" and form.is_valid():
        try:
            services.set_retention(actor, form.cleaned_data["retention_days"])
        except InvalidInput as error:
            form.add_error("retention_days", error.detail)
        else:
            messages.success(request, "Data retention saved.")
            return redirect("retention")
    status = 422 if form.errors else 200
    return render(request, "accounts/retention.html", {"form": form}, status=status)
