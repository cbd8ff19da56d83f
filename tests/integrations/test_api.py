"""The REST API at /api/v1/: its OpenAPI description, key authentication, problem+json errors, pagination."""

from __future__ import annotations

import json

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders
from django.test import Client

from assay.accounts.models import ApiKey, Membership, TeamInvitation
from tests.conftest import Team, add_member

PROBLEM = "application/problem+json"
METHODS = {"get", "post", "put", "patch", "delete"}


def problem_of(response: object) -> dict:
    assert response["Content-Type"] == PROBLEM, response["Content-Type"]  # type: ignore[index]
    body = json.loads(response.content)  # type: ignore[attr-defined]
    assert body["status"] == response.status_code  # type: ignore[attr-defined]
    assert body["title"]
    assert body["detail"]
    return body


def post_json(client: Client, path: str, body: object) -> object:
    return client.post(path, json.dumps(body), content_type="application/json")


# OpenAPI -------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_openapi_lists_every_operation_with_a_written_summary() -> None:
    response = Client().get("/api/v1/openapi.json")

    assert response.status_code == 200
    schema = json.loads(response.content)
    assert schema["openapi"].startswith("3.")
    operations = {
        (method, path): operation
        for path, item in schema["paths"].items()
        for method, operation in item.items()
        if method in METHODS
    }
    assert ("get", "/api/v1/members") in operations
    assert ("post", "/api/v1/api-keys") in operations
    for (method, path), operation in operations.items():
        summary, description = operation.get("summary", ""), operation.get("description", "")
        assert description, f"{method.upper()} {path} has no docstring"
        # The one-line docstring is the summary, not ninja's title-cased function name.
        assert summary == description.strip().splitlines()[0], f"{method.upper()} {path}: {summary!r}"


@pytest.mark.django_db
def test_the_docs_page_answers() -> None:
    response = Client().get("/api/v1/docs")

    assert response.status_code == 200
    assert b"openapi.json" in response.content


@pytest.mark.django_db
def test_the_docs_page_loads_its_scripts_from_this_server() -> None:
    page = Client().get("/api/v1/docs").content.decode()

    scripts = [part.split('"', 1)[0] for part in page.split('<script src="')[1:]]
    assert scripts
    for src in scripts:
        assert src.startswith(settings.STATIC_URL), f"{src} is not served by Assay, and the CSP blocks it"
        assert finders.find(src.removeprefix(settings.STATIC_URL)), f"{src} is not among Assay's static files"


# Authentication -------------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_bearer_key_acts_in_its_organization_and_records_its_use(team: Team) -> None:
    client = team.api("viewer")
    key = ApiKey.objects.get(organization=team.organization)
    assert key.last_used_at is None

    response = client.get("/api/v1/organization")

    assert response.status_code == 200
    assert response.json()["name"] == team.organization.name
    key.refresh_from_db()
    assert key.last_used_at is not None


@pytest.mark.django_db
@pytest.mark.parametrize(
    "authorization",
    ["Bearer assay_000000000000_not-a-real-secret", "Bearer something-else", "Basic dXNlcjpwYXNz", None],
    ids=["unknown-key", "not-a-key", "basic", "missing"],
)
def test_requests_without_a_valid_key_get_a_401_problem(team: Team, authorization: str | None) -> None:
    headers = {"Authorization": authorization} if authorization else {}

    response = Client(headers=headers).get("/api/v1/members")

    assert response.status_code == 401
    problem_of(response)
    assert response["WWW-Authenticate"].startswith("Bearer")


@pytest.mark.django_db
def test_a_key_with_the_right_prefix_but_wrong_secret_is_refused(team: Team) -> None:
    secret = team.api_key("owner")
    forged = secret[:-3] + ("xyz" if not secret.endswith("xyz") else "abc")

    response = Client(headers={"Authorization": f"Bearer {forged}"}).get("/api/v1/members")

    assert response.status_code == 401
    problem_of(response)


@pytest.mark.django_db
def test_a_revoked_key_stops_working(team: Team) -> None:
    client = team.api("admin")
    assert client.get("/api/v1/members").status_code == 200
    key = ApiKey.objects.get(organization=team.organization)

    revoked = team.api("owner").delete(f"/api/v1/api-keys/{key.pk}")

    assert revoked.status_code == 200
    assert revoked.json()["revoked_at"]
    response = client.get("/api/v1/members")
    assert response.status_code == 401
    problem_of(response)


@pytest.mark.django_db
def test_a_signed_in_session_also_works_for_reads(team: Team) -> None:
    response = team.client("reviewer").get("/api/v1/organization")

    assert response.status_code == 200
    assert response.json()["id"] == team.organization.pk


# Errors --------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_malformed_json_body_is_a_422_naming_the_body(team: Team) -> None:
    response = team.api("owner").post("/api/v1/api-keys", '{"name": "CI", ', content_type="application/json")

    assert response.status_code == 422
    body = problem_of(response)
    assert "body" in body["errors"]
    assert "body" in body["detail"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("path", "payload", "field"),
    [
        ("/api/v1/api-keys", {"name": "CI", "role": "boss"}, "role"),
        ("/api/v1/api-keys", {"name": "x" * 81}, "name"),
        ("/api/v1/api-keys", {"name": ["not", "a", "string"]}, "name"),
        ("/api/v1/api-keys", {}, "name"),
        ("/api/v1/invitations", {"email": "not-an-email"}, "email"),
    ],
    ids=["unknown-role", "name-too-long", "name-wrong-type", "name-missing", "bad-email"],
)
def test_a_wrong_field_is_a_422_naming_it(team: Team, path: str, payload: dict, field: str) -> None:
    response = post_json(team.api("owner"), path, payload)

    assert response.status_code == 422
    body = problem_of(response)
    assert field in body["errors"], body
    assert field in body["detail"]
    assert ApiKey.objects.filter(organization=team.organization).count() == 1  # only the caller's own key
    assert not TeamInvitation.objects.exists()


@pytest.mark.django_db
def test_a_viewer_cannot_create_keys(team: Team) -> None:
    response = post_json(team.api("viewer"), "/api/v1/api-keys", {"name": "Sneaky"})

    assert response.status_code == 403
    body = problem_of(response)
    assert "admins and owners" in body["detail"]
    assert not ApiKey.objects.filter(name="Sneaky").exists()


@pytest.mark.django_db
@pytest.mark.parametrize("method", ["get", "patch", "delete"])
def test_another_organizations_member_is_a_404(team: Team, method: str) -> None:
    theirs = Membership.objects.get(user=team.outsider)
    client = team.api("owner")
    path = f"/api/v1/members/{theirs.pk}"

    if method == "patch":
        response = client.patch(path, json.dumps({"role": "viewer"}), content_type="application/json")
    else:
        response = getattr(client, method)(path)

    assert response.status_code == 404
    problem_of(response)
    theirs.refresh_from_db()
    assert theirs.role == "owner"


@pytest.mark.django_db
def test_the_last_owner_cannot_be_demoted_over_the_api(team: Team) -> None:
    owner = Membership.objects.get(user=team.users["owner"])

    response = team.api("owner").patch(
        f"/api/v1/members/{owner.pk}", json.dumps({"role": "admin"}), content_type="application/json"
    )

    assert response.status_code == 409
    assert "owner" in problem_of(response)["detail"]


# Lists and keys ------------------------------------------------------------------------------


@pytest.mark.django_db
def test_members_are_paginated_with_limit_offset_and_count(team: Team) -> None:
    for _ in range(3):
        add_member(team.organization, "viewer")
    client = team.api("viewer")
    expected = Membership.objects.filter(organization=team.organization).count()

    pages = [client.get(f"/api/v1/members?limit=3&offset={offset}").json() for offset in (0, 3, 6)]

    assert {page["count"] for page in pages} == {expected}
    assert [len(page["items"]) for page in pages] == [3, 3, expected - 6]
    emails = [m["email"] for page in pages for m in page["items"]]
    assert len(set(emails)) == expected
    assert team.outsider.email not in emails


@pytest.mark.django_db
def test_a_new_keys_secret_is_returned_once_and_never_listed(team: Team) -> None:
    client = team.api("owner")

    created = post_json(client, "/api/v1/api-keys", {"name": "Lever sync", "role": "reviewer"})

    assert created.status_code == 201
    secret = created.json()["key"]
    new_client = Client(headers={"Authorization": f"Bearer {secret}"})
    assert new_client.get("/api/v1/organization").status_code == 200
    listing = client.get("/api/v1/api-keys")
    assert listing.status_code == 200
    assert "Lever sync" in [k["name"] for k in listing.json()["items"]]
    assert all("key" not in k for k in listing.json()["items"])
    assert secret not in listing.content.decode()
    # The new key acts as a reviewer: it may read but not manage keys.
    assert post_json(new_client, "/api/v1/api-keys", {"name": "escalate"}).status_code == 403


# A refused key is a 401 on every method, even where a session would need a CSRF token ----------


def _bearer_variants(team: Team) -> dict[str, str]:
    revoked_secret = team.api_key("owner")
    revoked = ApiKey.objects.filter(organization=team.organization).order_by("-pk").first()
    assert revoked is not None
    team.api("owner").delete(f"/api/v1/api-keys/{revoked.pk}")
    return {
        "unknown": "Bearer assay_000000000000_not-a-real-secret",
        "revoked": f"Bearer {revoked_secret}",
        "malformed": "Bearer ",
        "wrong-scheme": "Token abc",
    }


ROUTES_BY_METHOD = {
    "get": "/api/v1/members",
    "post": "/api/v1/api-keys",
    "put": "/api/v1/submissions/1/scorecards/mine",
    "patch": "/api/v1/organization",
    "delete": "/api/v1/api-keys/1",
}


@pytest.mark.django_db
@pytest.mark.parametrize("method", list(ROUTES_BY_METHOD))
def test_a_refused_key_is_a_401_with_the_key_message_on_every_method(team: Team, method: str) -> None:
    for name, authorization in _bearer_variants(team).items():
        # enforce_csrf_checks: a script sends no CSRF token, and the session's check must not answer for the key.
        client = Client(enforce_csrf_checks=True, headers={"Authorization": authorization})

        response = client.generic(method.upper(), ROUTES_BY_METHOD[method], "{}", content_type="application/json")

        assert response.status_code == 401, (name, response.content)
        assert "Bearer assay_" in problem_of(response)["detail"], name
        assert "CSRF" not in response.content.decode(), name
        assert response["WWW-Authenticate"].startswith("Bearer"), name


@pytest.mark.django_db
def test_a_signed_in_session_still_needs_its_csrf_token_for_writes(team: Team) -> None:
    client = team.client("owner")
    client.handler.enforce_csrf_checks = True

    response = post_json(client, "/api/v1/api-keys", {"name": "From the browser"})

    assert response.status_code == 403
    assert not ApiKey.objects.filter(name="From the browser").exists()


# Pagination bounds ---------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    "query",
    ["offset=99999999999999999999", "offset=-1", "offset=1000001", "limit=0", "limit=201", "limit=abc"],
)
def test_a_limit_or_offset_out_of_bounds_is_a_422_naming_it(team: Team, query: str) -> None:
    response = team.api("viewer").get(f"/api/v1/members?{query}")

    assert response.status_code == 422, response.content
    body = problem_of(response)
    assert query.split("=")[0] in body["errors"], body


@pytest.mark.django_db
def test_the_largest_documented_offset_answers_an_empty_page(team: Team) -> None:
    response = team.api("viewer").get("/api/v1/members?offset=1000000&limit=200")

    assert response.status_code == 200
    assert response.json()["items"] == []
    assert response.json()["count"] == Membership.objects.filter(organization=team.organization).count()


@pytest.mark.django_db
def test_every_list_operation_documents_the_same_pagination_bounds() -> None:
    schema = Client().get("/api/v1/openapi.json").json()
    lists = 0
    for path, item in schema["paths"].items():
        for method, operation in item.items():
            params = {p["name"]: p["schema"] for p in operation.get("parameters", []) if p["in"] == "query"}
            if "limit" not in params and "offset" not in params:
                continue
            lists += 1
            assert (params["limit"]["minimum"], params["limit"]["maximum"]) == (1, 200), (method, path)
            assert (params["offset"]["minimum"], params["offset"]["maximum"]) == (0, 1_000_000), (method, path)
    assert lists >= 5


# The document promises what the API answers ----------------------------------------------------


@pytest.mark.django_db
def test_every_operation_documents_its_problem_answers() -> None:
    schema = Client().get("/api/v1/openapi.json").json()

    assert schema["components"]["schemas"]["Problem"]["required"] == ["type", "title", "status", "detail"]
    for path, item in schema["paths"].items():
        for method, operation in item.items():
            responses = operation["responses"]
            expected = {"401", "403", "422"} | ({"404"} if "{" in path else set())
            expected |= {"409"} if method in METHODS - {"get"} else set()
            assert expected <= set(responses), f"{method.upper()} {path}: {sorted(responses)}"
            for status in expected:
                content = responses[status]["content"]
                assert content[PROBLEM]["schema"] == {"$ref": "#/components/schemas/Problem"}


@pytest.mark.django_db
def test_an_address_at_the_reserved_test_domain_is_invited(team: Team) -> None:
    response = post_json(team.api("owner"), "/api/v1/invitations", {"email": "dana@example.test"})

    assert response.status_code == 201, response.content
    assert TeamInvitation.objects.filter(email="dana@example.test").exists()


@pytest.mark.django_db
def test_an_address_at_a_special_use_domain_is_refused_as_documented(team: Team) -> None:
    schema = Client().get("/api/v1/openapi.json").json()
    email_schema = json.dumps(schema["components"]["schemas"]["InvitationIn"]["properties"]["email"])
    assert ".invalid" in email_schema

    response = post_json(team.api("owner"), "/api/v1/invitations", {"email": "dana@example.invalid"})

    assert response.status_code == 422
    assert "email" in problem_of(response)["errors"]


@pytest.mark.django_db
def test_the_document_forbids_an_empty_stack_name(team: Team) -> None:
    schema = Client().get("/api/v1/openapi.json").json()
    stacks = schema["components"]["schemas"]["AssessmentIn"]["properties"]["stacks"]
    assert stacks["items"]["minLength"] == 1

    response = post_json(
        team.api("owner"), "/api/v1/assessments", {"title": "Backend", "challenge": "url-shortener", "stacks": [""]}
    )

    assert response.status_code == 422
    assert "stacks.0" in problem_of(response)["errors"]


@pytest.mark.django_db
def test_every_request_body_and_answer_has_an_example_its_schema_accepts() -> None:
    import jsonschema

    document = json.loads(Client().get("/api/v1/openapi.json").content)
    checked = 0
    for path, item in document["paths"].items():
        for method, operation in item.items():
            answers = [a for status, a in operation["responses"].items() if status.startswith("2")]
            for body in [operation.get("requestBody", {}), *answers]:
                media = body.get("content", {}).get("application/json")
                if not media:
                    continue
                assert "example" in media, f"{method.upper()} {path} has no example"
                schema = {**media["schema"], "components": document["components"]}
                jsonschema.validate(media["example"], schema, cls=jsonschema.Draft202012Validator)
                checked += 1
    assert checked > 50
