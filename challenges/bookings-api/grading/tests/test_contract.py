"""The service as a neighbour: health, OpenAPI, error hygiene, persistence."""

import re

import pytest


@pytest.mark.skill("integration")
def test_health_is_ok(api, expect):
    """GET /health answers 200"""
    expect(api.get("/health"), 200, "the service is up")


@pytest.mark.skill("integration")
@pytest.mark.weight(3)
def test_openapi_document_lists_the_api(api, expect):
    """/openapi.json is an OpenAPI 3 document that lists rooms and bookings"""
    resp = api.get("/openapi.json")
    expect(resp, 200, "the service must serve its OpenAPI document at /openapi.json")
    doc = resp.json()
    assert str(doc.get("openapi", "")).startswith("3."), f'expected "openapi": "3.x", got {doc.get("openapi")!r}'
    paths = doc.get("paths") or {}
    assert "/rooms" in paths and "/bookings" in paths, f"paths should include /rooms and /bookings, has {sorted(paths)}"
    items = [p for p in paths if p.startswith("/bookings/{")]
    assert items, "paths should include /bookings/{id} (any parameter name)"
    operations = {m.lower() for p in ["/rooms", "/bookings", *items] for m in paths[p]}
    assert {"get", "post", "patch", "delete"} <= operations, (
        f"expected get, post, patch and delete operations, found {sorted(operations)}"
    )


@pytest.mark.skill("api_design")
@pytest.mark.weight(2)
def test_validation_error_uses_problem_shape(api, make_room, at, expect):
    """A 422 body has status, title and errors[] with field and message"""
    room = make_room()
    resp = api.post(
        "/bookings", json={"room_id": room["id"], "title": "x", "starts_at": at("10:00"), "ends_at": at("09:00")}
    )
    expect(resp, 422, "ends_at before starts_at")
    assert "json" in resp.headers.get("content-type", ""), "error bodies must be JSON (application/problem+json)"
    body = resp.json()
    assert body.get("status") == 422 and body.get("title"), 'the problem body needs "status": 422 and a "title"'
    errors = body.get("errors")
    assert isinstance(errors, list) and errors and {"field", "message"} <= set(errors[0]), (
        f'"errors" must be a list of {{"field", "message"}} objects, got {errors!r}'
    )


@pytest.mark.skill("security")
@pytest.mark.severity("critical")
@pytest.mark.weight(3)
def test_room_search_with_a_quote(api, make_room, unique, expect):
    """Searching rooms for a name with a quote works (no SQL built from strings)"""
    name = f"O'Brien's {unique('den')}"
    room = make_room(name=name)
    resp = api.get("/rooms", params={"q": name})
    expect(
        resp,
        200,
        "a quote is an ordinary character in a search; a 500 here usually means SQL built by string formatting",
    )
    assert [r["id"] for r in resp.json()["items"]] == [room["id"]], (
        "the search for the exact name should return that room only"
    )


@pytest.mark.skill("security")
@pytest.mark.severity("critical")
@pytest.mark.weight(3)
@pytest.mark.parametrize(
    "template",
    ["{tag}' OR 1=1 --", "{tag}%' OR '1'='1", "{tag}') OR ('1'='1"],
    ids=["or-comment", "or-quote", "or-paren"],
)
def test_injected_search_matches_nothing(api, make_room, unique, template):
    """A search value that would rewrite SQL is data: it matches no room"""
    make_room()
    q = template.format(tag=unique("nomatch"))
    resp = api.get("/rooms", params={"q": q})
    assert resp.status_code < 500, (
        f"GET /rooms?q={q} answered {resp.status_code}: the quote broke the query, so the value reaches the SQL text"
    )
    body = resp.json() if resp.status_code == 200 else {}
    items = body.get("items", []) if isinstance(body, dict) else body
    assert items == [], (
        f"GET /rooms?q={q} returned {len(items)} rooms although no name contains that text: "
        "the search value was run as SQL (injection)"
    )


@pytest.mark.skill("security")
@pytest.mark.weight(2)
@pytest.mark.parametrize(
    "path, params",
    [
        ("/rooms", {"min_capacity": "1; DROP TABLE rooms"}),
        ("/bookings", {"room_id": "1 OR 1=1"}),
        ("/bookings", {"status": "confirmed' --"}),
        ("/rooms", {"sort": "name; DROP TABLE rooms"}),
    ],
    ids=["min_capacity", "room_id", "status", "sort"],
)
def test_hostile_filters_are_rejected_cleanly(api, expect, path, params):
    """Injection attempts in filters get 200 or 422, never a 500"""
    resp = api.get(path, params=params)
    expect(resp, (200, 400, 422), "the filter value is hostile but must be handled as data or rejected as invalid")


@pytest.mark.skill("security")
@pytest.mark.weight(2)
def test_malformed_json_is_refused_cleanly(api, refused):
    """Malformed JSON is refused, not a server error"""
    resp = api.post("/bookings", content=b'{"room_id": 1, "title": ', headers={"content-type": "application/json"})
    refused(resp, "the body is not valid JSON")


# Matched on the raw body, where JSON escapes quotes and newlines.
LEAKS = {
    "a Python traceback": re.compile(r"traceback \(most recent call last\)|file \\?\"/[^\"]+\\?\", line \d+"),
    "a Node.js stack trace": re.compile(r"\bat [\w.<>]+ \((?:/|node:)[^)]*:\d+:\d+\)"),
    "a database driver's name": re.compile(r"psycopg|asyncpg|sqlalchemy\.exc|node_modules/pg"),
    "PostgreSQL error text": re.compile(r"syntax error at or near|sqlstate|current transaction is aborted"),
}


@pytest.mark.skill("security")
@pytest.mark.severity("critical")
@pytest.mark.weight(3)
def test_errors_reveal_no_internals(api, make_room):
    """Error responses carry no stack trace, SQL or database error text"""
    room = make_room()
    answers = [
        api.post("/bookings", content=b'{"room_id": 1, "title": ', headers={"content-type": "application/json"}),
        api.post("/bookings", content=b"[1, 2, 3]", headers={"content-type": "application/json"}),
        api.post("/rooms", json={"name": ["not", "a", "string"], "capacity": {"n": 1}}),
        api.get("/rooms/99999999999999999999999"),
        api.get("/bookings/not-a-number"),
        api.patch(f"/rooms/{room['id']}", json={"capacity": None, "name": None}),
        api.get("/bookings", params={"from": "2030-13-45T99:00:00Z"}),
        api.post("/bookings", json={"room_id": "1; DROP TABLE rooms", "title": 1, "starts_at": 5, "ends_at": []}),
    ]
    leaks = [
        f"{r.request.method} {r.request.url.raw_path.decode()} -> {r.status_code}: {leak} in {r.text[:200]!r}"
        for r in answers
        for leak, pattern in LEAKS.items()
        if pattern.search(r.text.lower())
    ]
    assert not leaks, f"error responses reveal the service's internals: {'; '.join(leaks)}"


@pytest.mark.skill("security")
@pytest.mark.severity("critical")
@pytest.mark.weight(2)
def test_no_response_reveals_the_database_credentials(api, make_room, database_url):
    """No response carries the database URL or its password"""
    room = make_room()
    answers = [
        api.get("/health"),
        api.get("/openapi.json"),
        api.get(f"/rooms/{room['id']}"),
        api.post("/rooms", json={"name": room["name"], "capacity": 3}),
        api.get("/rooms/987654321"),
        api.post("/bookings", content=b"{", headers={"content-type": "application/json"}),
    ]
    secrets = ["postgresql://", "postgres://", *([database_url] if database_url else [])]
    found = [f"{r.request.method} {r.request.url.raw_path.decode()}" for r in answers for s in secrets if s in r.text]
    assert not found, f"these responses contain the database connection string (a secret): {', '.join(found)}"


@pytest.mark.skill("security")
@pytest.mark.weight(2)
def test_oversized_payload_is_refused(api, make_room, at, expect):
    """A 1 MB request body is refused (413 or 422), not processed"""
    room = make_room()
    body = {"room_id": room["id"], "title": "x" * 1_000_000, "starts_at": at("09:00"), "ends_at": at("10:00")}
    expect(api.post("/bookings", json=body), (413, 422), "request bodies must be bounded")


@pytest.mark.skill("database")
@pytest.mark.weight(2)
def test_data_is_stored_in_postgres(api, make_room, db):
    """Rooms are stored in the PostgreSQL database, not in memory"""
    room = make_room()
    from psycopg import sql

    tables = db.execute(
        "SELECT table_schema, table_name FROM information_schema.tables "
        "WHERE table_type = 'BASE TABLE' AND table_schema NOT IN ('pg_catalog', 'information_schema')"
    ).fetchall()
    holds_name = sql.SQL("SELECT count(*) FROM {} AS r WHERE r::text LIKE %s")
    found = [
        name
        for name in tables
        if db.execute(holds_name.format(sql.Identifier(*name)), (f"%{room['name']}%",)).fetchone()[0]
    ]
    assert found, f"no table in the database holds the room named {room['name']!r}; is the data kept in memory?"
