"""The last-resort answers: an error nobody expected, rendered without a trace of Assay's insides."""

from __future__ import annotations

import json
import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string

PROBLEM_TYPE = "application/problem+json"
RETRY_SECONDS = 30
BROKE = "Something broke on our side. The error was logged; try again in a moment."
UNAVAILABLE = "The database is unreachable for a moment, so nothing was saved. Try again in a minute."


def server_error(request: HttpRequest) -> HttpResponse:
    """Django's handler500: a plain page, or RFC 9457 problem+json under /api/. The traceback goes to the log only.

    A database that cannot be reached (restarting, failing over) is a 503 with Retry-After: the request
    changed nothing, and the client (a browser, git, an ATS) may simply try again.
    """
    unavailable = isinstance(sys.exc_info()[1], OperationalError | InterfaceError)
    status = 503 if unavailable else 500
    if request.path.startswith("/api/"):
        body = {
            "type": f"https://assay.dev/problems/{'unavailable' if unavailable else 'server-error'}",
            "title": "Service unavailable" if unavailable else "Server error",
            "status": status,
            "detail": UNAVAILABLE if unavailable else BROKE,
        }
        response = HttpResponse(json.dumps(body), status=status, content_type=PROBLEM_TYPE)
    elif unavailable:
        response = HttpResponse(render_to_string("503.html", {"message": UNAVAILABLE}), status=503)
    else:
        # The page renders without a request context: whatever broke may be the database or the session.
        response = HttpResponse(render_to_string("500.html"), status=500)
    if unavailable:
        response["Retry-After"] = str(RETRY_SECONDS)
    return response
