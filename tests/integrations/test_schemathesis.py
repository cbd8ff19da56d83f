"""The served OpenAPI document fuzzed by schemathesis: every operation, as an owner's script would call it.

For each operation schemathesis generates requests from the document and checks that the API never answers a
server error, answers only statuses the document declares, and answers bodies that match the declared schemas.
"""

from __future__ import annotations

import os
from typing import Any

import pytest
import schemathesis
from django.core.wsgi import get_wsgi_application
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from assay.accounts.models import ApiKey
from tests.conftest import Team

# The API's contract does not depend on the database engine, so the fuzzing runs once, in the SQLite pass of
# `make test`: on PostgreSQL, the WSGI app's end-of-request signal closes the test's own connection.
pytestmark = pytest.mark.skipif(
    os.environ.get("DATABASE_URL", "").startswith("postgres"), reason="fuzzed once, in the SQLite pass of make test"
)
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]
EXAMPLES_PER_OPERATION = 10  # bounded so the whole run stays within make test's time


@pytest.fixture
def owner_key(team: Team) -> tuple[int, str]:
    secret = team.api_key("owner")
    key = ApiKey.objects.filter(organization=team.organization).latest("pk")
    return key.pk, secret


# Loaded from the document the test app serves, as a user's tools would read it (it needs no database).
schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", get_wsgi_application())


@pytest.mark.django_db
@schema.parametrize()
@settings(
    max_examples=EXAMPLES_PER_OPERATION,
    deadline=None,  # the machine is shared: timing says nothing about correctness here
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.filter_too_much],
)
def test_every_operation_answers_as_documented(case: Any, owner_key: tuple[int, str]) -> None:
    key_id, secret = owner_key
    # Revoking the run's own key is the one request left out: every request after it would be a (documented) 401,
    # and the rest of the run would test nothing but authentication. Revoking other keys is fuzzed like the rest.
    if (
        case.method == "DELETE"
        and case.path == "/api/v1/api-keys/{key_id}"
        and case.path_parameters == {"key_id": key_id}
    ):
        return
    case.call_and_validate(headers={"Authorization": f"Bearer {secret}"}, checks=CHECKS)
