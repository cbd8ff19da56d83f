"""Safe retries and concurrent edits: Idempotency-Key, ETag / If-Match, parallel bookings."""

import threading
import uuid

import pytest


@pytest.mark.skill("server_logic")
@pytest.mark.weight(5)
def test_idempotency_key_replays_the_first_response(api, make_room, at, succeeded):
    """POST /bookings with the same Idempotency-Key and body creates one booking"""
    room = make_room()
    body = {"room_id": room["id"], "title": "Retro", "starts_at": at("09:00"), "ends_at": at("10:00"), "attendees": 6}
    key = {"Idempotency-Key": str(uuid.uuid4())}
    first = api.post("/bookings", json=body, headers=key)
    succeeded(first, "the first request with a fresh key creates the booking")
    again = api.post("/bookings", json=body, headers=key)
    assert again.status_code == first.status_code, (
        f"the retry answered {again.status_code} ({again.text[:200]!r}); a retry with the same key and body must "
        f"replay the first response ({first.status_code}), not report a conflict"
    )
    assert again.json().get("id") == first.json().get("id"), "the retry created or returned a different booking"
    listed = api.get("/bookings", params={"room_id": room["id"]}).json()["items"]
    assert len(listed) == 1, f"after a retried POST the room must have 1 booking, found {len(listed)}"


@pytest.mark.skill("server_logic")
@pytest.mark.weight(4)
def test_idempotency_key_with_other_body_is_rejected(api, make_room, at, succeeded, refused):
    """Reusing an Idempotency-Key with a different body is refused and creates nothing"""
    room = make_room()
    key = {"Idempotency-Key": str(uuid.uuid4())}
    body = {"room_id": room["id"], "title": "Retro", "starts_at": at("09:00"), "ends_at": at("10:00"), "attendees": 6}
    succeeded(api.post("/bookings", json=body, headers=key), "the first request with a fresh key")
    other = {**body, "starts_at": at("13:00"), "ends_at": at("14:00")}
    refused(api.post("/bookings", json=other, headers=key), "the key was already used for another request")
    listed = api.get("/bookings", params={"room_id": room["id"]}).json()["items"]
    assert len(listed) == 1, f"the refused request must not create a booking; the room has {len(listed)}"


@pytest.mark.skill("api_design")
@pytest.mark.weight(2)
def test_etag_changes_when_the_room_changes(api, make_room, etag_of, expect):
    """GET returns an ETag; it changes after an update"""
    room = make_room()
    tag = etag_of(f"/rooms/{room['id']}")
    expect(
        api.patch(f"/rooms/{room['id']}", json={"capacity": 20}, headers={"If-Match": tag}),
        200,
        "If-Match with the current ETag",
    )
    after = api.get(f"/rooms/{room['id']}").headers.get("etag")
    assert after and after != tag, f"the ETag must change after an update (was {tag}, now {after})"


@pytest.mark.skill("server_logic")
@pytest.mark.severity("critical")
@pytest.mark.weight(3)
def test_stale_if_match_on_room_changes_nothing(api, make_room, etag_of, succeeded, refused):
    """A room update with a stale If-Match is refused and changes nothing"""
    room = make_room(capacity=5)
    tag = etag_of(f"/rooms/{room['id']}")
    succeeded(api.patch(f"/rooms/{room['id']}", json={"capacity": 6}, headers={"If-Match": tag}), "a current edit")
    stale = api.patch(f"/rooms/{room['id']}", json={"capacity": 7}, headers={"If-Match": tag})
    refused(stale, "the second edit was based on an old version and would overwrite the first (a lost update)")
    assert api.get(f"/rooms/{room['id']}").json().get("capacity") == 6, (
        "a refused stale update must not change the room"
    )


@pytest.mark.skill("server_logic")
@pytest.mark.severity("critical")
@pytest.mark.weight(2)
def test_stale_if_match_on_booking_changes_nothing(api, make_room, make_booking, etag_of, succeeded, refused):
    """A booking update or cancel with a stale If-Match is refused and changes nothing"""
    room = make_room()
    booking = make_booking(room["id"], "09:00", "10:00")
    path = f"/bookings/{booking['id']}"
    tag = etag_of(path)
    succeeded(api.patch(path, json={"title": "A"}, headers={"If-Match": tag}), "a current edit")
    refused(api.patch(path, json={"title": "B"}, headers={"If-Match": tag}), "the edit was based on an old version")
    refused(api.delete(path, headers={"If-Match": tag}), "the cancel was based on an old version")
    kept = api.get(path).json()
    assert (kept.get("title"), kept.get("status")) == ("A", "confirmed"), (
        f"refused stale writes must not change the booking; it is now {kept}"
    )


def _race(api, requests):
    """Send the requests at the same moment, one thread each; return their responses."""
    answers = [None] * len(requests)
    gate = threading.Barrier(len(requests))

    def send(n: int) -> None:
        method, path, kwargs = requests[n]
        gate.wait()
        answers[n] = api.request(method, path, **kwargs)

    threads = [threading.Thread(target=send, args=(n,)) for n in range(len(requests))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return answers


@pytest.mark.skill("server_logic")
@pytest.mark.severity("critical")
@pytest.mark.weight(3)
def test_concurrent_edits_of_one_version_lose_nothing(api, make_room, etag_of):
    """Eight simultaneous edits with the same If-Match: one wins, the rest are refused, none is lost"""
    room = make_room(capacity=50)
    path = f"/rooms/{room['id']}"
    for round_ in range(10):  # a round can miss a lost update by luck of the scheduler; ten rarely all do
        tag = etag_of(path)
        edits = [("PATCH", path, {"json": {"capacity": 100 + n}, "headers": {"If-Match": tag}}) for n in range(8)]
        answers = _race(api, edits)
        won = [r.json().get("capacity") for r in answers if 200 <= r.status_code < 300]
        statuses = sorted(r.status_code for r in answers)
        assert len(won) == 1 and all(400 <= s < 500 for s in statuses if s >= 300), (
            f"round {round_ + 1}: 8 simultaneous PATCH {path} with the same If-Match answered {statuses}; exactly one "
            "may succeed, the others were based on a version that no longer exists (read-modify-write without a "
            "lock or a conditional update loses updates)"
        )
        final = api.get(path).json().get("capacity")
        assert final == won[0], f"round {round_ + 1}: the winner set capacity {won[0]} but the room has {final}"


@pytest.mark.skill("database")
@pytest.mark.severity("critical")
@pytest.mark.weight(3)
def test_concurrent_overlapping_bookings_only_one_wins(api, make_room, at):
    """Eight simultaneous requests for the same slot: exactly one booking is made, the rest are refused"""
    room = make_room()
    body = {"room_id": room["id"], "starts_at": at("09:00"), "ends_at": at("10:00"), "attendees": 2}
    answers = _race(api, [("POST", "/bookings", {"json": {**body, "title": f"racer {n}"}}) for n in range(8)])
    statuses = sorted(r.status_code for r in answers)
    won = [s for s in statuses if 200 <= s < 300]
    assert len(won) == 1 and all(400 <= s < 500 for s in statuses if s >= 300), (
        f"8 concurrent requests for one slot returned {statuses}; expected exactly one success and seven refusals "
        "(check-then-insert without a lock or constraint lets several win)"
    )
    listed = api.get("/bookings", params={"room_id": room["id"]}).json()["items"]
    assert len(listed) == 1, f"the room must end with 1 booking, has {len(listed)}"
