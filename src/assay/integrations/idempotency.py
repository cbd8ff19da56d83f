"""Idempotency-Key on creating requests: the first answer is stored and replayed to a retry of the same request.

A key belongs to the credentials that sent it. The same key with another method, path or body is a 422 (a
client bug, never silently a second object); the same key while the first request still runs is a 409. Keys
are kept for a day. Answers that created nothing the caller can see (401, 429, 5xx) are not kept, so a retry
after them runs again. A secret in the first answer is not stored: the replay says where it was.
"""

from __future__ import annotations

import hashlib
import json
from datetime import timedelta

from django.db import IntegrityError, transaction
from django.http import HttpRequest, HttpResponse
from django.utils import timezone

from assay.errors import Conflict, InvalidInput
from assay.integrations.models import IdempotencyRecord

HEADER = "Idempotency-Key"
MAX_KEY_LENGTH = 200
KEPT_FOR = timedelta(days=1)
NOT_KEPT = {401, 429}
SECRET_FIELDS = {"key", "secret"}
REDACTED = "(shown only in the first answer)"


def _request_hash(request: HttpRequest) -> str:
    digest = hashlib.sha256(f"{request.method} {request.path}\n".encode())
    if request.content_type != "multipart/form-data":
        digest.update(request.body)
        return digest.hexdigest()
    # An upload (a challenge package) may be larger than Django keeps as request.body: hash its parts instead.
    for name, values in sorted(request.POST.lists()):
        digest.update(json.dumps([name, values]).encode())
    for name, files in sorted(request.FILES.lists()):
        for upload in files:
            digest.update(json.dumps([name, upload.name, upload.size]).encode())
            for chunk in upload.chunks():  # chunks() rewinds first, and the view reads it again from the start
                digest.update(chunk)
    return digest.hexdigest()


def claim(caller: str, key: str, request: HttpRequest) -> IdempotencyRecord | HttpResponse:
    """The stored answer to replay, or a new record claimed for this request."""
    if not 1 <= len(key) <= MAX_KEY_LENGTH:
        raise InvalidInput(f"An {HEADER} is 1 to {MAX_KEY_LENGTH} characters.", fields={HEADER: ["Wrong length."]})
    digest = _request_hash(request)
    # Forget every key older than a day (created_at is indexed), this caller's included, so a key can be reused.
    IdempotencyRecord.objects.filter(created_at__lt=timezone.now() - KEPT_FOR).delete()
    try:
        with transaction.atomic():
            return IdempotencyRecord.objects.create(caller=caller, key=key, request_hash=digest)
    except IntegrityError:
        first = IdempotencyRecord.objects.get(caller=caller, key=key)
    if first.request_hash != digest:
        raise InvalidInput(
            f"This {HEADER} was already used with another request; use a new key for a new request.",
            fields={HEADER: ["Used with another method, path or body."]},
        )
    if first.status_code is None:
        raise Conflict(f"The first request with this {HEADER} is still running; retry in a moment.")
    replay = HttpResponse(bytes(first.body), status=first.status_code, content_type=first.content_type or None)
    replay["Idempotent-Replayed"] = "true"
    return replay


def _without_secrets(body: bytes) -> bytes:
    """A secret shown once (a new API key, a webhook's signing secret) is not stored for replays."""
    try:
        data = json.loads(body)
    except ValueError:
        return body
    if not isinstance(data, dict) or not SECRET_FIELDS & data.keys():
        return body
    return json.dumps({**data, **dict.fromkeys(SECRET_FIELDS & data.keys(), REDACTED)}).encode()


def keep(record: IdempotencyRecord, response: HttpResponse) -> None:
    if response.status_code in NOT_KEPT or response.status_code >= 500 or getattr(response, "streaming", False):
        record.delete()
        return
    record.status_code = response.status_code
    record.content_type = response.get("Content-Type", "")
    record.body = _without_secrets(response.content)
    record.save(update_fields=["status_code", "content_type", "body"])
