"""The public REST API, /api/v1/. Each domain app contributes a router; errors go through problems.py."""

from __future__ import annotations

import json
from typing import Any

from django.http import HttpRequest
from ninja import NinjaAPI
from ninja.parser import Parser

from assay.accounts.api import router as accounts_router
from assay.accounts.audit_views import router as audit_router
from assay.accounts.auth import ApiKeyBearer, TeamSession
from assay.assessments.api import router as assessments_router
from assay.assessments.api_candidates import router as candidates_router
from assay.challenges.api import router as challenges_router
from assay.integrations import openapi, problems
from assay.integrations.api_submissions import router as submissions_router
from assay.integrations.api_webhooks import router as webhooks_router
from assay.reviews.api import router as reviews_router
from assay.reviews.api_scorecards import router as scorecards_router


class JsonBodyParser(Parser):
    """Remember why a body was not JSON, so the 422 can say where it broke."""

    def parse_body(self, request: HttpRequest) -> Any:
        try:
            return json.loads(request.body)
        except (json.JSONDecodeError, UnicodeDecodeError) as error:
            where = f" at line {error.lineno} column {error.colno}" if isinstance(error, json.JSONDecodeError) else ""
            request.body_parse_error = f"The body is not valid JSON{where}."  # type: ignore[attr-defined]
            raise


class AssayApi(NinjaAPI):
    def get_openapi_schema(self, **kwargs: Any) -> Any:
        """An operation's one-line docstring is its summary (ninja would title-case the function's name)."""
        return openapi.complete(super().get_openapi_schema(**kwargs))


api = AssayApi(
    title="Assay API",
    version="1",
    description=(
        "Assay's REST API. Authenticate with an organization API key: `Authorization: Bearer assay_…`. "
        "Errors are RFC 9457 problem details. Another organization's object is always a 404."
    ),
    urls_namespace="api-v1",
    auth=[ApiKeyBearer(), TeamSession(csrf=True)],
    parser=JsonBodyParser(),
    openapi_extra={"info": {"contact": {"name": "Assay operators"}}},
)
problems.install(api)
api.add_router("", accounts_router)
api.add_router("", audit_router)
api.add_router("", challenges_router)
api.add_router("", assessments_router)
api.add_router("", candidates_router)
api.add_router("", reviews_router)
api.add_router("", scorecards_router)
api.add_router("", submissions_router)
api.add_router("", webhooks_router)
