"""Probes for load balancers and orchestrators. Both answer JSON and need no sign-in."""

from __future__ import annotations

from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache

from assay import __version__
from assay.ops.services import readiness


@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    """The process is up."""
    return JsonResponse({"status": "ok", "version": __version__})


@never_cache
def readyz(request: HttpRequest) -> JsonResponse:
    """The database answers and a task worker was seen recently."""
    problems = readiness()
    return JsonResponse(
        {"status": "ready" if not problems else "not ready", "problems": problems}, status=503 if problems else 200
    )
