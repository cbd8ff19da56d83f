"""The last-resort answers: an error nobody expected, rendered without a trace of Assay's insides."""

from __future__ import annotations

import json

from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string

PROBLEM_TYPE = "application/problem+json"


def server_error(request: HttpRequest) -> HttpResponse:
    """Django's handler500: a plain page, or RFC 9457 problem+json under /api/. The traceback goes to the log only."""
    if request.path.startswith("/api/"):
        body = {
            "type": "https://assay.dev/problems/server-error",
            "title": "Server error",
            "status": 500,
            "detail": "Something broke on our side. The error was logged; try again in a moment.",
        }
        return HttpResponse(json.dumps(body), status=500, content_type=PROBLEM_TYPE)
    # The page renders without a request context: whatever broke may be the database or the session.
    return HttpResponse(render_to_string("500.html"), status=500)
