"""Pages: sign in and out, dashboard, team, API keys, the outbox, joining a team. Forms work without JavaScript."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import authenticate, login
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods, require_POST

from assay.accounts import access, services, signup
from assay.accounts.access import require_role
from assay.accounts.decorators import member_required
from assay.accounts.forms import ApiKeyForm, InviteForm, JoinForm, RoleForm, SignInForm
from assay.accounts.models import User
from assay.accounts.requests import TeamRequest
from assay.accounts.roles import Role
from assay.accounts.sso import services as sso
from assay.errors import AssayError, InvalidInput
from assay.notifications import access as notifications


def _safe_next(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return target
    return "/"


def _add_errors(form: object, error: InvalidInput) -> None:
    for field, problems in (error.fields or {"__all__": [error.detail]}).items():
        for problem in problems:
            form.add_error(field if field in form.fields else None, problem)  # type: ignore[attr-defined]


@require_http_methods(["GET", "POST"])
def sign_in(request: HttpRequest) -> HttpResponse:
    form = SignInForm(request.POST or None, initial={"email": request.GET.get("email", "")})
    status = 200
    if request.method == "POST" and form.is_valid():
        email = form.cleaned_data["email"].lower()
        attempted = False  # a locked account refuses before trying the password: audited as a failure too
        try:
            with transaction.atomic():
                services.check_sign_in_allowed(email)
                attempted = True
                user = authenticate(request, email=email, password=form.cleaned_data["password"])
                if user is None:
                    services.record_sign_in_failure(email)
            if user is None:
                services.check_sign_in_allowed(email)  # the failure just recorded may have locked it
                form.add_error(None, "That email and password do not match an account.")
                status = 401
            else:
                services.clear_sign_in_failures(email)
                services.record_sign_in_success(user)
                login(request, user)
                if sso.link_pending(request.session, user):
                    messages.success(request, "Your account is linked: single sign-on signs you in from now on.")
                return redirect(_safe_next(request))
        except AssayError as error:
            if not attempted:
                services.record_sign_in_refused(email)
            form.add_error(None, error.detail)
            status = error.status
    context = {"form": form, "next": _safe_next(request), "signup_open": signup.signup_open()}
    return render(request, "accounts/sign_in.html", context, status=status)


@require_POST
@member_required
def switch_organization(request: TeamRequest) -> HttpResponse:
    wanted = request.POST.get("organization", "")
    membership = access.memberships_of(request.user).filter(organization_id=wanted if wanted.isdigit() else 0).first()
    if membership is None:
        messages.error(request, "You are not a member of that organization.")
    else:
        request.session["organization_id"] = membership.organization_id
    return redirect("dashboard")


def _team_page(request: TeamRequest, invite_form: InviteForm | None = None, status: int = 200) -> HttpResponse:
    actor = request.actor
    context = {
        "members": access.members(actor),
        "invitations": access.team_invitations(actor),
        "invite_form": invite_form or InviteForm(),
        "role_form": RoleForm(),
    }
    return render(request, "accounts/team.html", context, status=status)


@member_required
def team(request: TeamRequest) -> HttpResponse:
    return _team_page(request)


@require_POST
@member_required
def invite(request: TeamRequest) -> HttpResponse:
    form = InviteForm(request.POST)
    if not form.is_valid():
        return _team_page(request, form, status=422)
    try:
        invitation = services.invite_teammate(request.actor, form.cleaned_data["email"], form.cleaned_data["role"])
    except InvalidInput as error:
        _add_errors(form, error)
        return _team_page(request, form, status=422)
    messages.success(request, f"Invitation sent to {invitation.email}.")
    return redirect("team")


@require_POST
@member_required
def change_role(request: TeamRequest, member_id: int) -> HttpResponse:
    actor = request.actor
    membership = access.member(actor, member_id)
    services.change_role(actor, membership, request.POST.get("role", ""))
    messages.success(request, f"{membership.user.email} is now {membership.get_role_display().lower()}.")
    return redirect("team")


@require_POST
@member_required
def remove_member(request: TeamRequest, member_id: int) -> HttpResponse:
    actor = request.actor
    membership = access.member(actor, member_id)
    services.remove_member(actor, membership)
    messages.success(request, f"{membership.user.email} was removed from the team.")
    return redirect("team")


@require_POST
@member_required
def cancel_invitation(request: TeamRequest, invitation_id: int) -> HttpResponse:
    actor = request.actor
    invitation = access.team_invitation(actor, invitation_id)
    services.cancel_team_invitation(actor, invitation)
    messages.success(request, f"The invitation to {invitation.email} was cancelled.")
    return redirect("team")


def _keys_page(
    request: TeamRequest, form: ApiKeyForm | None = None, secret: str = "", status: int = 200
) -> HttpResponse:
    actor = request.actor
    context = {"keys": access.api_keys(actor), "form": form or ApiKeyForm(), "secret": secret}
    return render(request, "accounts/api_keys.html", context, status=status)


@require_http_methods(["GET", "POST"])
@member_required
def api_keys(request: TeamRequest) -> HttpResponse:
    if request.method == "GET":
        return _keys_page(request)
    form = ApiKeyForm(request.POST)
    if not form.is_valid():
        return _keys_page(request, form, status=422)
    try:
        key, secret = services.create_api_key(request.actor, form.cleaned_data["name"], form.cleaned_data["role"])
    except InvalidInput as error:
        _add_errors(form, error)
        return _keys_page(request, form, status=422)
    messages.success(request, f"API key {key.name!r} created. Copy it now: it will not be shown again.")
    return _keys_page(request, secret=secret, status=201)


@require_POST
@member_required
def revoke_api_key(request: TeamRequest, key_id: int) -> HttpResponse:
    actor = request.actor
    key = services.revoke_api_key(actor, access.api_key(actor, key_id))
    if request.headers.get("HX-Request"):
        return render(request, "accounts/api_key_row.html", {"key": key})
    messages.success(request, f"API key {key.name!r} revoked.")
    return redirect("api-keys")


@require_http_methods(["GET", "POST"])
def join(request: HttpRequest, token: str) -> HttpResponse:
    invitation = services.open_team_invitation(token)
    signed_in = request.user if request.user.is_authenticated else None
    form = JoinForm(request.POST or None)
    status = 200
    if request.method == "POST" and (signed_in or form.is_valid()):
        data = form.cleaned_data if form.is_bound and form.is_valid() else {}
        try:
            user = services.accept_team_invitation(
                token,
                signed_in,
                name=data.get("name", ""),
                password=data.get("password", ""),  # type: ignore[arg-type]
            )
        except InvalidInput as error:
            _add_errors(form, error)
            status = 422
        else:
            if signed_in is None:
                login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            request.session["organization_id"] = invitation.organization_id
            messages.success(request, f"Welcome to {invitation.organization.name}.")
            return redirect("dashboard")
    has_account = User.objects.filter(email=invitation.email).exists()
    context = {"invitation": invitation, "form": form, "signed_in": signed_in, "has_account": has_account}
    return render(request, "accounts/join.html", context, status=status)


@member_required
def outbox(request: TeamRequest) -> HttpResponse:
    """What the embedded default would have emailed for this team."""
    require_role(request.actor, Role.ADMIN, "read the outbox")
    messages_sent = notifications.outbox(request.actor.organization.pk)[:100]
    return render(request, "notifications/outbox.html", {"outbox": messages_sent})
