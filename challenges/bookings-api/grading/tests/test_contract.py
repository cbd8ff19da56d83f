"""The service as a neighbour: health, OpenAPI, error hygiene, persistence."""

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
@pytest.mark.weight(2)
@pytest.mark.parametrize(
    "path, params",
    [
        ("/rooms", {"q": "x' OR '1'='1"}),
        ("/rooms", {"min_capacity": "1; DROP TABLE rooms"}),
        ("/bookings", {"room_id": "1 OR 1=1"}),
        ("/bookings", {"status": "confirmed' --"}),
        ("/rooms", {"sort": "name; DROP TABLE rooms"}),
    ],
    ids=["q", "min_capacity", "room_id", "status", "sort"],
)
def test_hostile_filters_are_rejected_cleanly(api, expect, path, params):
    """Injection attempts in filters get 200 or 422, never a 500"""
    resp = api.get(path, params=params)
    expect(resp, (200, 422), "the filter value is hostile but must be handled as data or rejected as invalid")
    if resp.status_code == 200 and "q" in params:
        assert resp.json()["items"] == [], "a q of x' OR '1'='1 must match no room, not every room"


@pytest.mark.skill("security")
@pytest.mark.weight(2)
def test_malformed_json_gets_a_clean_error(api, expect):
    """Malformed JSON is a 400/422 without stack traces or internals"""
    resp = api.post("/bookings", content=b'{"room_id": 1, "title": ', headers={"content-type": "application/json"})
    expect(resp, (400, 422), "the body is not valid JSON")
    text = resp.text.lower()
    for leak in ("traceback", 'file "', "psycopg", "node_modules", "    at ", "syntaxerror", "exception"):
        assert leak not in text, f"the error body leaks internals ({leak!r}): {resp.text[:200]!r}"


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
