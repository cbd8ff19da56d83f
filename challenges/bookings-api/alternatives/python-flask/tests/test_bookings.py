import uuid


def book(client, room, start, end, **extra):
    return client.post(
        "/bookings",
        json={"room_id": room["id"], "title": "Sync", "starts_at": start, "ends_at": end, **extra},
    )


def test_overlap_is_409_and_back_to_back_is_fine(client, room, slot):
    assert book(client, room, *slot(9, 10)).status_code == 201
    assert book(client, room, *slot(9, 11)).status_code == 409
    assert book(client, room, *slot(10, 11)).status_code == 201


def test_cancelled_booking_frees_its_slot(client, room, slot):
    first = book(client, room, *slot(9, 10)).json()
    assert client.delete(f"/bookings/{first['id']}").status_code == 204
    assert client.get(f"/bookings/{first['id']}").json()["status"] == "cancelled"
    assert book(client, room, *slot(9, 10)).status_code == 201


def test_rules_name_their_field(client, room, slot):
    start, _ = slot(9, 10)
    _, too_late = slot(9, 14)
    assert book(client, room, start, too_late).json()["errors"][0]["field"] == "ends_at"
    assert book(client, room, *slot(9, 10), attendees=7).json()["errors"][0]["field"] == "attendees"


def test_idempotency_key_replays_and_refuses_another_body(client, room, slot):
    key = {"Idempotency-Key": uuid.uuid4().hex}
    body = {"room_id": room["id"], "title": "Sync", "starts_at": slot(9, 10)[0], "ends_at": slot(9, 10)[1]}
    first = client.post("/bookings", json=body, headers=key)
    again = client.post("/bookings", json=body, headers=key)
    assert (again.status_code, again.json()["id"]) == (201, first.json()["id"])
    assert client.post("/bookings", json={**body, "title": "Other"}, headers=key).status_code == 422


def test_pages_walk_every_booking_once(client, room, slot):
    made = [book(client, room, *slot(h, h + 1)).json()["id"] for h in range(8, 13)]
    seen, cursor = [], None
    while True:
        params = {"room_id": room["id"], "limit": 2, **({"cursor": cursor} if cursor else {})}
        body = client.get("/bookings", params=params).json()
        seen += [b["id"] for b in body["items"]]
        cursor = body["next_cursor"]
        if cursor is None:
            break
    assert seen == made
