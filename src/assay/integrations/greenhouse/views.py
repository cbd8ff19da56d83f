"""Greenhouse's four assessment-partner endpoints (HTTP Basic with the organization's key), and the page where
admins issue and revoke that key. The endpoints answer Greenhouse's JSON shapes, not Assay's problem+json."""

from __future__ import annotations

import json
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from assay.accounts.decorators import member_required
from assay.accounts.requests import TeamRequest
from assay.errors import AssayError, Conflict, InvalidInput
from assay.integrations.greenhouse import services
from assay.integrations.models import GreenhouseKey, GreenhouseOrder

Endpoint = Callable[[HttpRequest, GreenhouseKey], Any]


def _partner_endpoint(view: Endpoint) -> Callable[[HttpRequest], HttpResponse]:
    """Authenticate the key, run the view, and answer its result or error as JSON (never an HTML page)."""

    @csrf_exempt  # called by Greenhouse's servers with a key, never by a browser with cookies
    @wraps(view)
    def wrapped(request: HttpRequest) -> HttpResponse:
        key = services.key_from_header(request.headers.get("Authorization", ""))
        if key is None:
            response = JsonResponse({"error": services.UNAUTHORIZED}, status=401)
            response["WWW-Authenticate"] = 'Basic realm="Assay Greenhouse"'
            return response
        try:
            return JsonResponse(view(request, key), safe=False)
        except AssayError as error:
            return JsonResponse({"error": error.detail, "fields": error.fields}, status=error.status)

    return wrapped


def _json_body(request: HttpRequest) -> Any:
    try:
        return json.loads(request.body or b"null")
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise InvalidInput(f"The body is not JSON: {error}.", fields={"body": ["Send a JSON object."]}) from None


@require_GET
@_partner_endpoint
def list_tests(request: HttpRequest, key: GreenhouseKey) -> Any:
    return services.list_tests(key.organization)


@require_POST
@_partner_endpoint
def send_test(request: HttpRequest, key: GreenhouseKey) -> Any:
    candidate = services.send_test(key, _json_body(request))
    return {"partner_interview_id": str(candidate.public_id)}


@require_GET
@_partner_endpoint
def test_status(request: HttpRequest, key: GreenhouseKey) -> Any:
    candidate = services.candidate_of(key.organization, request.GET.get("partner_interview_id", ""))
    return services.test_status(candidate)


@require_POST
@_partner_endpoint
def response_error(request: HttpRequest, key: GreenhouseKey) -> Any:
    services.record_error(key.organization, _json_body(request))
    return {}


# The settings page ----------------------------------------------------------------------------


def _page(request: TeamRequest, plaintext: str = "", status: int = 200, error: str = "") -> HttpResponse:
    orders = GreenhouseOrder.objects.filter(organization=request.actor.organization).select_related("candidate")
    context = {
        "keys": services.keys(request.actor),
        "orders": orders[:50],
        "plaintext": plaintext,
        "error": error,
        "base_url": request.build_absolute_uri("/greenhouse/"),
    }
    return render(request, "integrations/greenhouse.html", context, status=status)


@require_http_methods(["GET", "POST"])
@member_required
def settings_page(request: TeamRequest) -> HttpResponse:
    if request.method == "GET":
        return _page(request)
    try:
        _, plaintext = services.create_key(request.actor, request.POST.get("name", ""))
    except (InvalidInput, Conflict) as error:
        return _page(request, status=error.status, error=error.detail)
    return _page(request, plaintext=plaintext, status=201)


@require_POST
@member_required
def revoke(request: TeamRequest, key_id: int) -> HttpResponse:
    key = services.revoke_key(request.actor, key_id)
    messages.success(request, f"Greenhouse key {key.name} revoked; Greenhouse can no longer use it.")
    return redirect("integrations:greenhouse")
