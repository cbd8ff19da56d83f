"""The booking rules this service promises: half-open intervals, cancellation frees the slot, safe retries."""

import uuid


def book(api, room, start, end):
    body = {"room_id": room["id"], "title": "Planning", "starts_at": start, "ends_at": end, "attendees": 4}
    return api.post("/bookings", json=body)


def test_back_to_back_bookings_do_not_overlap(api, room, at):
    assert book(api, room, at("09:00"), at("10:00")).status_code == 201
    assert book(api, room, at("10:00"), at("11:00")).status_code == 201


def test_an_overlapping_booking_is_refused(api, room, at):
    assert book(api, room, at("09:00"), at("10:00")).status_code == 201
    assert book(api, room, at("09:30"), at("10:30")).status_code == 409


def test_a_cancelled_booking_frees_its_slot(api, room, at):
    first = book(api, room, at("13:00"), at("14:00"))
    assert api.delete(f"/bookings/{first.json()['id']}").status_code == 204
    assert api.get(f"/bookings/{first.json()['id']}").json()["status"] == "cancelled"
    assert book(api, room, at("13:00"), at("14:00")).status_code == 201


def test_a_retried_create_with_the_same_key_books_once(api, room, at):
    key = {"Idempotency-Key": uuid.uuid4().hex}
    body = {"room_id": room["id"], "title": "Retro", "starts_at": at("15:00"), "ends_at": at("16:00")}
    first = api.post("/bookings", json=body, headers=key)
    again = api.post("/bookings", json=body, headers=key)
    assert first.status_code == 201
    assert again.json()["id"] == first.json()["id"]
