"""Safe retries and concurrent edits: Idempotency-Key, ETag / If-Match, parallel bookings."""

import threading
import uuid

import pytest


@pytest.mark.skill("server_logic")
@pytest.mark.weight(3)
def test_idempotency_key_replays_the_first_response(api, make_room, at, expect):
    """POST /bookings with the same Idempotency-Key and body creates one booking"""
    room = make_room()
    body = {"room_id": room["id"], "title": "Retro", "starts_at": at("09:00"), "ends_at": at("10:00")}
    key = {"Idempotency-Key": str(uuid.uuid4())}
    first = api.post("/bookings", json=body, headers=key)
    expect(first, 201, "the first request with a fresh key creates the booking")
    again = api.post("/bookings", json=body, headers=key)
    expect(again, 201, "a retry with the same key and body must replay the first response, not report a conflict")
    assert again.json().get("id") == first.json().get("id"), "the retry created or returned a different booking"
    listed = api.get("/bookings", params={"room_id": room["id"]}).json()["items"]
    assert len(listed) == 1, f"after a retried POST the room must have 1 booking, found {len(listed)}"


@pytest.mark.skill("server_logic")
@pytest.mark.weight(2)
def test_idempotency_key_with_other_body_is_rejected(api, make_room, at, expect):
    """Reusing an Idempotency-Key with a different body is rejected"""
    room = make_room()
    key = {"Idempotency-Key": str(uuid.uuid4())}
    body = {"room_id": room["id"], "title": "Retro", "starts_at": at("09:00"), "ends_at": at("10:00")}
    expect(api.post("/bookings", json=body, headers=key), 201, "the first request with a fresh key")
    other = {**body, "starts_at": at("13:00"), "ends_at": at("14:00")}
    expect(api.post("/bookings", json=other, headers=key), (409, 422), "the key was already used for another request")
    listed = api.get("/bookings", params={"room_id": room["id"]}).json()["items"]
    assert len(listed) == 1, f"the rejected request must not create a booking; the room has {len(listed)}"


@pytest.mark.skill("api_design")
@pytest.mark.weight(2)
def test_etag_changes_when_the_room_changes(api, make_room, expect):
    """GET returns an ETag; it changes after an update"""
    room = make_room()
    before = api.get(f"/rooms/{room['id']}")
    tag = before.headers.get("etag")
    assert tag, "GET /rooms/{id} must send an ETag header"
    expect(
        api.patch(f"/rooms/{room['id']}", json={"capacity": 20}, headers={"If-Match": tag}),
        200,
        "If-Match with the current ETag",
    )
    after = api.get(f"/rooms/{room['id']}").headers.get("etag")
    assert after and after != tag, f"the ETag must change after an update (was {tag}, now {after})"


@pytest.mark.skill("server_logic")
@pytest.mark.weight(3)
def test_stale_if_match_on_room_is_412(api, make_room, expect):
    """A room update with a stale If-Match is 412 and changes nothing"""
    room = make_room(capacity=5)
    tag = api.get(f"/rooms/{room['id']}").headers.get("etag")
    assert tag, "GET /rooms/{id} must send an ETag header"
    expect(
        api.patch(f"/rooms/{room['id']}", json={"capacity": 6}, headers={"If-Match": tag}),
        200,
        "the first edit is current",
    )
    stale = api.patch(f"/rooms/{room['id']}", json={"capacity": 7}, headers={"If-Match": tag})
    expect(stale, 412, "the second edit was based on an old version and would overwrite the first")
    assert api.get(f"/rooms/{room['id']}").json().get("capacity") == 6, (
        "a refused stale update must not change the room"
    )


@pytest.mark.skill("server_logic")
@pytest.mark.weight(2)
def test_stale_if_match_on_booking_is_412(api, make_room, make_booking, expect):
    """A booking update with a stale If-Match is 412"""
    room = make_room()
    booking = make_booking(room["id"], "09:00", "10:00")
    tag = api.get(f"/bookings/{booking['id']}").headers.get("etag")
    assert tag, "GET /bookings/{id} must send an ETag header"
    expect(
        api.patch(f"/bookings/{booking['id']}", json={"title": "A"}, headers={"If-Match": tag}),
        200,
        "the first edit is current",
    )
    stale = api.patch(f"/bookings/{booking['id']}", json={"title": "B"}, headers={"If-Match": tag})
    expect(stale, 412, "the second edit was based on an old version")
    assert api.get(f"/bookings/{booking['id']}").json().get("title") == "A", (
        "a refused stale update must not change the booking"
    )


@pytest.mark.skill("database")
@pytest.mark.weight(3)
def test_concurrent_overlapping_bookings_only_one_wins(api, make_room, at):
    """Eight simultaneous requests for the same slot: exactly one 201, the rest 409"""
    room = make_room()
    body = {"room_id": room["id"], "starts_at": at("09:00"), "ends_at": at("10:00")}
    statuses: list[int] = []
    gate = threading.Barrier(8)

    def book(n: int) -> None:
        gate.wait()
        statuses.append(api.post("/bookings", json={**body, "title": f"racer {n}"}).status_code)

    threads = [threading.Thread(target=book, args=(n,)) for n in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(statuses) == [201] + [409] * 7, (
        f"8 concurrent requests for one slot returned {sorted(statuses)}; expected exactly one 201 and seven 409 "
        "(check-then-insert without a lock or constraint lets several win)"
    )
    listed = api.get("/bookings", params={"room_id": room["id"]}).json()["items"]
    assert len(listed) == 1, f"the room must end with 1 booking, has {len(listed)}"
