"""Single sign-on pages: start (by work email or the organization's own link), the provider's callback, and the
owners' settings page. Forms work without JavaScript."""

from __future__ import annotations

from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from assay.accounts.access import require_role
from assay.accounts.decorators import member_required
from assay.accounts.models import SingleSignOn
from assay.accounts.requests import TeamRequest
from assay.accounts.roles import Role
from assay.accounts.services import record_sign_in_success
from assay.accounts.sso import services
from assay.accounts.sso.tokens import Refused
from assay.errors import InvalidInput

BACKEND = "django.contrib.auth.backends.ModelBackend"
NO_SSO = "No organization signs in with single sign-on for that address. Sign in with your password instead."


def _callback_uri() -> str:
    return f"{settings.SITE_URL}{reverse('sso-callback')}"


def _go(request: HttpRequest, sso: SingleSignOn) -> HttpResponse:
    try:
        return redirect(services.begin(sso, request.session, _callback_uri()))
    except Refused as refused:
        return render(request, "accounts/sso_start.html", {"error": refused.detail}, status=502)


@require_http_methods(["GET", "POST"])
def start(request: HttpRequest) -> HttpResponse:
    if request.method == "GET":
        return render(request, "accounts/sso_start.html", {})
    email = request.POST.get("email", "")
    sso = services.enabled_for_email(email)
    if sso is None:
        return render(request, "accounts/sso_start.html", {"error": NO_SSO, "email": email}, status=404)
    return _go(request, sso)


@require_GET
def start_for(request: HttpRequest, organization_slug: str) -> HttpResponse:
    sso = services.enabled_for(organization_slug)
    if sso is None:
        return render(request, "accounts/sso_start.html", {"error": NO_SSO}, status=404)
    return _go(request, sso)


@require_GET
def callback(request: HttpRequest) -> HttpResponse:
    try:
        sso, identity = services.finish(request.session, request.GET.dict(), _callback_uri())
        outcome = services.account_for(sso, identity)
    except Refused as refused:
        return render(request, "accounts/sso_start.html", {"error": refused.detail}, status=refused.status)
    if outcome.user is None:
        services.remember_link(request.session, sso, identity)
        messages.info(
            request,
            f"An Assay account for {outcome.link_email} already exists. Sign in with its password once to link "
            "it to single sign-on; after that, single sign-on signs you in.",
        )
        return redirect(f"{reverse('login')}?{urlencode({'email': outcome.link_email})}")
    login(request, outcome.user, backend=BACKEND)
    record_sign_in_success(outcome.user)
    request.session["organization_id"] = sso.organization_id
    return redirect("dashboard")


@require_http_methods(["GET", "POST"])
@member_required
def settings_page(request: TeamRequest) -> HttpResponse:
    require_role(request.actor, Role.OWNER, "set up single sign-on")
    sso = services.of(request.actor.organization)
    context = {"sso": sso, "callback_uri": _callback_uri(), "roles": [Role.VIEWER, Role.REVIEWER, Role.ADMIN]}
    if request.method == "GET":
        return render(request, "accounts/sso_settings.html", context)
    form = request.POST
    try:
        services.save(
            request.actor,
            enabled=form.get("enabled") == "on",
            issuer=form.get("issuer", ""),
            client_id=form.get("client_id", ""),
            client_secret=form.get("client_secret", ""),
            allowed_domains=form.get("allowed_domains", "").split(),
            default_role=form.get("default_role", Role.VIEWER),
        )
    except InvalidInput as error:
        return render(request, "accounts/sso_settings.html", {**context, "errors": error.fields}, status=422)
    messages.success(request, "Single sign-on settings saved.")
    return redirect("sso-settings")
