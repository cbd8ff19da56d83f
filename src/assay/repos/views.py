"""The smart-HTTP endpoint git clients clone from and push to. No session, no CSRF: HTTP basic with the
repository's own credentials is the only way in."""

from __future__ import annotations

import uuid

from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST

from assay import storage
from assay.repos import access, backend, services


@csrf_exempt
@require_GET
def info_refs(request: HttpRequest, public_id: uuid.UUID) -> HttpResponseBase:
    return _serve(request, public_id, "info/refs")


@csrf_exempt
@require_POST
def upload_pack(request: HttpRequest, public_id: uuid.UUID) -> HttpResponseBase:
    return _serve(request, public_id, "git-upload-pack")


@csrf_exempt
@require_POST
def receive_pack(request: HttpRequest, public_id: uuid.UUID) -> HttpResponseBase:
    return _serve(request, public_id, "git-receive-pack")


def _serve(request: HttpRequest, public_id: uuid.UUID, service_path: str) -> HttpResponseBase:
    repository = access.repository_for_git(public_id, request.headers.get("Authorization", ""))
    if repository is None:
        # The same answer for an unknown repository and a wrong password: existence is not revealed.
        response = HttpResponse(
            "This repository needs its git credentials: copy the clone URL from your assessment page.\n",
            status=401,
            content_type="text/plain; charset=utf-8",
        )
        response["WWW-Authenticate"] = 'Basic realm="Assay"'
        # git asks without credentials first, on every clone and push: not worth a warning in the log.
        response._has_been_logged = True  # type: ignore[attr-defined]
        return response
    if service_path == backend.PUSH or request.GET.get("service") == backend.PUSH:
        # Refused before git writes anything: git then prints this text to the candidate ("remote: …").
        try:
            incoming = int(request.META.get("CONTENT_LENGTH") or 0)
            storage.require_free_space(services.git_dir(repository), incoming, "this push")
        except storage.OutOfSpace as error:
            return HttpResponse(f"{error.detail}\n", status=507, content_type="text/plain; charset=utf-8")
    return backend.serve(request, repository, service_path)
