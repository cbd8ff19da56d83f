"""A sample of the platform's checks (the hidden suite has many more)."""

import uuid


def test_health(api):
    assert api.get("/health").status_code == 200


def test_create_room_returns_201_with_location(api):
    resp = api.post("/rooms", json={"name": f"room-{uuid.uuid4().hex[:12]}", "capacity": 6})
    assert resp.status_code == 201
    assert resp.headers.get("location")
    assert api.get(resp.headers["location"]).json()["id"] == resp.json()["id"]


def test_invalid_room_is_422_with_field(api):
    resp = api.post("/rooms", json={"name": "ok", "capacity": 0})
    assert resp.status_code == 422
    assert any(e["field"] == "capacity" for e in resp.json()["errors"])


def test_end_must_be_after_start(api, room, at):
    body = {"room_id": room["id"], "title": "x", "starts_at": at("10:00"), "ends_at": at("09:00")}
    resp = api.post("/bookings", json=body)
    assert resp.status_code == 422
    assert any(e["field"] == "ends_at" for e in resp.json()["errors"])


def test_overlap_is_409_but_back_to_back_is_fine(api, room, at):
    first = {"room_id": room["id"], "title": "a", "starts_at": at("09:00"), "ends_at": at("10:00")}
    assert api.post("/bookings", json=first).status_code == 201
    clash = {**first, "starts_at": at("09:30"), "ends_at": at("10:30")}
    assert api.post("/bookings", json=clash).status_code == 409
    after = {**first, "starts_at": at("10:00"), "ends_at": at("11:00")}
    assert api.post("/bookings", json=after).status_code == 201


def test_list_uses_the_envelope(api, room, at):
    body = {"room_id": room["id"], "title": "a", "starts_at": at("09:00"), "ends_at": at("10:00")}
    assert api.post("/bookings", json=body).status_code == 201
    page = api.get("/bookings", params={"room_id": room["id"], "limit": 10}).json()
    assert [b["room_id"] for b in page["items"]] == [room["id"]]
    assert page["next_cursor"] is None


def test_openapi_is_served(api):
    assert api.get("/openapi.json").json()["openapi"].startswith("3.")
