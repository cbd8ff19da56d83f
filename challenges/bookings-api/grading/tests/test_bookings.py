"""Bookings: the business rules (times, capacity, overlaps, cancellation)."""

import pytest

pytestmark = pytest.mark.skill("server_logic")


@pytest.mark.skill("api_design")
@pytest.mark.weight(3)
def test_create_booking_returns_201_with_location(api, make_room, at, expect, same_instant):
    """Creating a booking answers 201 with Location and a confirmed booking"""
    room = make_room()
    body = {"room_id": room["id"], "title": "Standup", "starts_at": at("09:00"), "ends_at": at("09:30")}
    resp = api.post("/bookings", json=body)
    expect(resp, 201, "POST /bookings creates a booking and must answer 201 Created")
    assert resp.headers.get("location"), "POST /bookings returned 201 without a Location header"
    booking = resp.json()
    assert booking.get("status") == "confirmed", (
        f'a new booking should have status "confirmed", got {booking.get("status")!r}'
    )
    assert booking.get("room_id") == room["id"], "the booking does not carry its room_id"
    assert same_instant(booking["starts_at"], body["starts_at"]), "starts_at came back as a different instant"
    expect(api.get(resp.headers["location"]), 200, "the Location header must lead to the booking")


@pytest.mark.skill("api_design")
def test_unknown_booking_is_404(api, expect):
    """An unknown booking is 404"""
    expect(api.get("/bookings/987654321"), 404, "there is no booking 987654321")


@pytest.mark.weight(2)
@pytest.mark.parametrize("end", ["08:00", "09:00"], ids=["end-before-start", "end-equals-start"])
def test_end_must_be_after_start(api, make_room, at, invalid, end):
    """ends_at must be after starts_at (422)"""
    room = make_room()
    resp = api.post(
        "/bookings", json={"room_id": room["id"], "title": "x", "starts_at": at("09:00"), "ends_at": at(end)}
    )
    invalid(resp, "ends_at")


@pytest.mark.weight(2)
def test_booking_longer_than_four_hours_is_422(api, make_room, at, invalid, expect):
    """A booking may last at most 4 hours; exactly 4 hours is fine"""
    room = make_room()
    too_long = {"room_id": room["id"], "title": "x", "starts_at": at("08:00"), "ends_at": at("12:01")}
    invalid(api.post("/bookings", json=too_long), "ends_at")
    exactly = {**too_long, "ends_at": at("12:00")}
    expect(api.post("/bookings", json=exactly), 201, "a booking of exactly 4 hours is allowed")


@pytest.mark.weight(2)
def test_booking_in_the_past_is_422(api, make_room, invalid):
    """A booking may not start in the past"""
    room = make_room()
    body = {"room_id": room["id"], "title": "x", "starts_at": "2020-01-06T09:00:00Z", "ends_at": "2020-01-06T10:00:00Z"}
    invalid(api.post("/bookings", json=body), "starts_at")


def test_time_without_offset_is_422(api, make_room, at, invalid):
    """Times without a UTC offset are ambiguous and rejected"""
    room = make_room()
    body = {"room_id": room["id"], "title": "x", "starts_at": at("09:00").rstrip("Z"), "ends_at": at("10:00")}
    invalid(api.post("/bookings", json=body), "starts_at")


@pytest.mark.weight(2)
def test_offsets_are_normalised(api, make_room, make_booking, at, day, expect):
    """Times with an offset are the same instant as in UTC (09:00+02:00 = 07:00Z)"""
    room = make_room()
    local = day.strftime("%Y-%m-%d")
    body = {
        "room_id": room["id"],
        "title": "x",
        "starts_at": f"{local}T09:00:00+02:00",
        "ends_at": f"{local}T10:00:00+02:00",
    }
    expect(api.post("/bookings", json=body), 201, "a valid booking with a +02:00 offset")
    clash = {"room_id": room["id"], "title": "y", "starts_at": at("07:30"), "ends_at": at("07:45")}
    expect(api.post("/bookings", json=clash), 409, "07:30Z falls inside 09:00-10:00+02:00 (07:00-08:00Z)")


@pytest.mark.weight(2)
def test_unknown_room_is_422(api, at, invalid):
    """Booking a room that does not exist is 422 on room_id"""
    body = {"room_id": 987654321, "title": "x", "starts_at": at("09:00"), "ends_at": at("10:00")}
    invalid(api.post("/bookings", json=body), "room_id")


@pytest.mark.weight(2)
def test_attendees_over_capacity_is_422(api, make_room, at, invalid, expect):
    """More attendees than the room holds is 422 on attendees"""
    room = make_room(capacity=4)
    body = {"room_id": room["id"], "title": "x", "starts_at": at("09:00"), "ends_at": at("10:00"), "attendees": 5}
    invalid(api.post("/bookings", json=body), "attendees")
    expect(api.post("/bookings", json={**body, "attendees": 4}), 201, "4 attendees fit a room for 4")


@pytest.mark.weight(3)
@pytest.mark.parametrize(
    "start, end",
    [("09:30", "10:30"), ("08:30", "09:30"), ("09:15", "09:45"), ("08:00", "11:00"), ("09:00", "10:00")],
    ids=["overlaps-end", "overlaps-start", "inside", "around", "identical"],
)
def test_overlapping_booking_is_409(api, make_room, make_booking, at, expect, start, end):
    """An overlapping booking in the same room is 409 Conflict"""
    room = make_room()
    make_booking(room["id"], "09:00", "10:00")
    body = {"room_id": room["id"], "title": "clash", "starts_at": at(start), "ends_at": at(end)}
    expect(api.post("/bookings", json=body), 409, f"{start}-{end} overlaps the existing 09:00-10:00 booking")


@pytest.mark.weight(3)
def test_back_to_back_bookings_are_allowed(api, make_room, make_booking, at, expect):
    """Intervals are half-open: 10:00-11:00 may follow 09:00-10:00"""
    room = make_room()
    make_booking(room["id"], "09:00", "10:00")
    after = {"room_id": room["id"], "title": "after", "starts_at": at("10:00"), "ends_at": at("11:00")}
    expect(api.post("/bookings", json=after), 201, "a booking starting exactly when another ends does not overlap")
    before = {**after, "title": "before", "starts_at": at("08:00"), "ends_at": at("09:00")}
    expect(api.post("/bookings", json=before), 201, "a booking ending exactly when another starts does not overlap")


def test_same_time_in_another_room_is_fine(api, make_room, make_booking, at, expect):
    """The same time in a different room is not a conflict"""
    first, second = make_room(), make_room()
    make_booking(first["id"], "09:00", "10:00")
    body = {"room_id": second["id"], "title": "x", "starts_at": at("09:00"), "ends_at": at("10:00")}
    expect(api.post("/bookings", json=body), 201, "overlaps only count within one room")


@pytest.mark.weight(3)
def test_cancel_keeps_booking_and_frees_slot(api, make_room, make_booking, at, expect):
    """DELETE cancels: the booking stays readable as cancelled and its slot is free"""
    room = make_room()
    booking = make_booking(room["id"], "09:00", "10:00")
    expect(api.delete(f"/bookings/{booking['id']}"), 204, "cancelling a booking")
    after = api.get(f"/bookings/{booking['id']}")
    expect(after, 200, "a cancelled booking stays readable")
    assert after.json().get("status") == "cancelled", (
        f'expected status "cancelled" after DELETE, got {after.json().get("status")!r}'
    )
    body = {"room_id": room["id"], "title": "rebook", "starts_at": at("09:00"), "ends_at": at("10:00")}
    expect(api.post("/bookings", json=body), 201, "the cancelled booking's slot must be free again")


@pytest.mark.weight(2)
def test_moving_into_an_overlap_is_409(api, make_room, make_booking, at, expect):
    """PATCHing a booking onto another one is 409"""
    room = make_room()
    make_booking(room["id"], "09:00", "10:00")
    later = make_booking(room["id"], "11:00", "12:00")
    resp = api.patch(f"/bookings/{later['id']}", json={"starts_at": at("09:30"), "ends_at": at("10:30")})
    expect(resp, 409, "the new time overlaps the 09:00-10:00 booking")


@pytest.mark.weight(2)
def test_booking_can_be_moved_within_its_own_slot(api, make_room, make_booking, at, expect, same_instant):
    """A booking does not conflict with itself when moved or extended"""
    room = make_room()
    booking = make_booking(room["id"], "09:00", "10:00")
    resp = api.patch(f"/bookings/{booking['id']}", json={"ends_at": at("10:30")})
    expect(resp, 200, "extending a booking into free time must not clash with its own old slot")
    assert same_instant(resp.json()["ends_at"], at("10:30")), "PATCH did not change ends_at"


def test_patch_keeps_the_rules(api, make_room, make_booking, at, invalid):
    """PATCH applies the same rules as create (ends_at after starts_at)"""
    room = make_room()
    booking = make_booking(room["id"], "09:00", "10:00")
    invalid(api.patch(f"/bookings/{booking['id']}", json={"ends_at": at("08:00")}), "ends_at")
