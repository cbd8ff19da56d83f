"""The webhooks settings pages (admins and owners). Forms work without JavaScript."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from assay.accounts.decorators import member_required
from assay.accounts.requests import TeamRequest
from assay.errors import InvalidInput
from assay.integrations import access
from assay.integrations.forms import RotateForm, WebhookForm
from assay.integrations.models import WebhookEndpoint
from assay.integrations.webhooks import services


def _list_page(request: TeamRequest, form: WebhookForm | None = None, status: int = 200) -> HttpResponse:
    context = {"endpoints": access.endpoints(request.actor), "form": form or WebhookForm()}
    return render(request, "integrations/webhooks.html", context, status=status)


@require_http_methods(["GET", "POST"])
@member_required
def webhooks(request: TeamRequest) -> HttpResponse:
    if request.method == "GET":
        return _list_page(request)
    form = WebhookForm(request.POST)
    if not form.is_valid():
        return _list_page(request, form, status=422)
    try:
        endpoint = services.create_endpoint(request.actor, **form.cleaned_data)
    except InvalidInput as error:
        form.add_error("url" if "url" in error.fields else None, error.detail)
        return _list_page(request, form, status=422)
    return _detail_page(request, endpoint, secret=endpoint.secret, status=201)


def _detail_page(request: TeamRequest, endpoint: WebhookEndpoint, secret: str = "", status: int = 200) -> HttpResponse:
    context = {
        "endpoint": endpoint,
        "deliveries": endpoint.deliveries.prefetch_related("attempt_log")[:50],
        "secret": secret,
        "rotate_form": RotateForm(),
    }
    return render(request, "integrations/webhook.html", context, status=status)


@require_http_methods(["GET"])
@member_required
def webhook(request: TeamRequest, webhook_id: int) -> HttpResponse:
    return _detail_page(request, access.endpoint(request.actor, webhook_id))


@require_POST
@member_required
def switch(request: TeamRequest, webhook_id: int) -> HttpResponse:
    endpoint = access.endpoint(request.actor, webhook_id)
    on = request.POST.get("active") == "1"
    services.update_endpoint(request.actor, endpoint, active=on)
    messages.success(request, f"Webhook {'turned on' if on else 'turned off'}.")
    return redirect("integrations:webhook", webhook_id=endpoint.pk)


@require_POST
@member_required
def rotate(request: TeamRequest, webhook_id: int) -> HttpResponse:
    endpoint = access.endpoint(request.actor, webhook_id)
    form = RotateForm(request.POST)
    hours = form.cleaned_data["overlap_hours"] if form.is_valid() else 24
    services.rotate_secret(request.actor, endpoint, hours)
    messages.success(request, f"New secret made; the old one keeps signing too for {hours} hours.")
    return _detail_page(request, endpoint, secret=endpoint.secret)


@require_POST
@member_required
def delete(request: TeamRequest, webhook_id: int) -> HttpResponse:
    services.delete_endpoint(request.actor, access.endpoint(request.actor, webhook_id))
    messages.success(request, "Webhook deleted.")
    return redirect("integrations:webhooks")


@require_POST
@member_required
def redeliver(request: TeamRequest, webhook_id: int, delivery_id: int) -> HttpResponse:
    services.redeliver(request.actor, access.delivery(request.actor, webhook_id, delivery_id))
    messages.success(request, "The event is queued to be sent again.")
    return redirect("integrations:webhook", webhook_id=webhook_id)
