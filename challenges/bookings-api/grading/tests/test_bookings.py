"""Bookings: the business rules (times, capacity, overlaps, cancellation)."""

import pytest

pytestmark = pytest.mark.skill("server_logic")


@pytest.mark.skill("api_design")
@pytest.mark.weight(3)
def test_create_booking_returns_201_with_location(api, make_room, at, expect, same_instant):
    """Creating a booking answers 201 with Location and a confirmed booking"""
    room = make_room()
    body = {"room_id": room["id"], "title": "Standup", "starts_at": at("09:00"), "ends_at": at("09:30"), "attendees": 6}
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


def test_attendees_may_be_left_out(api, make_room, at, succeeded):
    """attendees is optional and defaults to 1"""
    room = make_room()
    body = {"room_id": room["id"], "title": "1:1", "starts_at": at("09:00"), "ends_at": at("09:30")}
    resp = api.post("/bookings", json=body)
    succeeded(resp, "attendees is optional (default 1)")
    assert resp.json().get("attendees") == 1, f"attendees should default to 1, got {resp.json().get('attendees')!r}"


@pytest.mark.skill("api_design")
def test_unknown_booking_is_404(api, expect):
    """An unknown booking is 404"""
    expect(api.get("/bookings/987654321"), 404, "there is no booking 987654321")


def _body(room, at, start, end, **fields):
    return {"room_id": room["id"], "title": "x", "starts_at": at(start), "ends_at": at(end), "attendees": 2, **fields}


@pytest.mark.weight(2)
@pytest.mark.parametrize("end", ["08:00", "09:00"], ids=["end-before-start", "end-equals-start"])
def test_end_must_be_after_start(api, make_room, at, refused, end):
    """ends_at must be after starts_at"""
    room = make_room()
    refused(api.post("/bookings", json=_body(room, at, "09:00", end)), f"a booking from 09:00 to {end} is empty")


@pytest.mark.weight(2)
def test_booking_longer_than_four_hours_is_refused(api, make_room, at, refused, succeeded):
    """A booking may last at most 4 hours; exactly 4 hours is fine"""
    room = make_room()
    refused(api.post("/bookings", json=_body(room, at, "08:00", "12:01")), "08:00-12:01 is longer than 4 hours")
    succeeded(api.post("/bookings", json=_body(room, at, "08:00", "12:00")), "a booking of exactly 4 hours is allowed")


@pytest.mark.weight(2)
def test_booking_in_the_past_is_refused(api, make_room, refused):
    """A booking may not start in the past"""
    room = make_room()
    body = {
        "room_id": room["id"],
        "title": "x",
        "starts_at": "2020-01-06T09:00:00Z",
        "ends_at": "2020-01-06T10:00:00Z",
        "attendees": 2,
    }
    refused(api.post("/bookings", json=body), "the booking starts in 2020")


def test_time_without_offset_is_refused(api, make_room, at, refused):
    """Times without a UTC offset are ambiguous and refused"""
    room = make_room()
    body = {**_body(room, at, "09:00", "10:00"), "starts_at": at("09:00").rstrip("Z")}
    refused(api.post("/bookings", json=body), "starts_at has no offset")


@pytest.mark.weight(2)
def test_offsets_are_normalised(api, make_room, at, day, succeeded, refused):
    """Times with an offset are the same instant as in UTC (09:00+02:00 = 07:00Z)"""
    room = make_room()
    local = day.strftime("%Y-%m-%d")
    body = {**_body(room, at, "09:00", "10:00"), "starts_at": f"{local}T09:00:00+02:00"}
    body["ends_at"] = f"{local}T10:00:00+02:00"
    succeeded(api.post("/bookings", json=body), "a valid booking with a +02:00 offset")
    clash = _body(room, at, "07:30", "07:45")
    refused(api.post("/bookings", json=clash), "07:30Z falls inside 09:00-10:00+02:00 (07:00-08:00Z)")


@pytest.mark.weight(2)
def test_unknown_room_is_refused(api, at, refused):
    """Booking a room that does not exist is refused"""
    refused(api.post("/bookings", json=_body({"id": 987654321}, at, "09:00", "10:00")), "there is no room 987654321")


@pytest.mark.weight(2)
def test_attendees_over_capacity_is_refused(api, make_room, at, refused, succeeded):
    """More attendees than the room holds is refused; exactly its capacity is fine"""
    room = make_room(capacity=4)
    refused(api.post("/bookings", json=_body(room, at, "09:00", "10:00", attendees=5)), "5 people in a room for 4")
    succeeded(
        api.post("/bookings", json=_body(room, at, "09:00", "10:00", attendees=4)), "4 attendees fit a room for 4"
    )


@pytest.mark.weight(2)
@pytest.mark.parametrize(
    "start, end",
    [("09:30", "10:30"), ("08:30", "09:30"), ("09:15", "09:45"), ("08:00", "11:00"), ("09:00", "10:00")],
    ids=["overlaps-end", "overlaps-start", "inside", "around", "identical"],
)
def test_overlapping_booking_is_refused(api, make_room, make_booking, at, refused, start, end):
    """An overlapping booking in the same room is refused"""
    room = make_room()
    make_booking(room["id"], "09:00", "10:00")
    refused(api.post("/bookings", json=_body(room, at, start, end)), f"{start}-{end} overlaps the 09:00-10:00 booking")


# Half-open intervals are the brief's emphasised rule: checked on create in both directions and on a move.
@pytest.mark.weight(3)
def test_booking_may_start_when_another_ends(api, make_room, make_booking, at, succeeded):
    """Intervals are half-open: 10:00-11:00 may follow 09:00-10:00"""
    room = make_room()
    make_booking(room["id"], "09:00", "10:00")
    after = _body(room, at, "10:00", "11:00")
    succeeded(api.post("/bookings", json=after), "a booking starting exactly when another ends does not overlap")


@pytest.mark.weight(3)
def test_booking_may_end_when_another_starts(api, make_room, make_booking, at, succeeded):
    """Intervals are half-open: 08:00-09:00 may precede 09:00-10:00"""
    room = make_room()
    make_booking(room["id"], "09:00", "10:00")
    before = _body(room, at, "08:00", "09:00")
    succeeded(api.post("/bookings", json=before), "a booking ending exactly when another starts does not overlap")


@pytest.mark.weight(2)
def test_booking_may_be_moved_next_to_another(api, make_room, make_booking, at, succeeded):
    """A booking may be moved to start exactly when another ends"""
    room = make_room()
    make_booking(room["id"], "09:00", "10:00")
    later = make_booking(room["id"], "11:00", "12:00")
    resp = api.patch(f"/bookings/{later['id']}", json={"starts_at": at("10:00"), "ends_at": at("11:00")})
    succeeded(resp, "10:00-11:00 touches 09:00-10:00 but does not overlap it")


def test_same_time_in_another_room_is_fine(api, make_room, make_booking, at, succeeded):
    """The same time in a different room is not a conflict"""
    first, second = make_room(), make_room()
    make_booking(first["id"], "09:00", "10:00")
    succeeded(api.post("/bookings", json=_body(second, at, "09:00", "10:00")), "overlaps only count within one room")


@pytest.mark.weight(2)
def test_cancelled_booking_stays_readable(api, make_room, make_booking, succeeded, expect):
    """DELETE cancels: the booking stays readable with status cancelled"""
    room = make_room()
    booking = make_booking(room["id"], "09:00", "10:00")
    succeeded(api.delete(f"/bookings/{booking['id']}"), "cancelling a booking")
    after = api.get(f"/bookings/{booking['id']}")
    expect(after, 200, "a cancelled booking stays readable")
    assert after.json().get("status") == "cancelled", (
        f'expected status "cancelled" after DELETE, got {after.json().get("status")!r}'
    )


@pytest.mark.weight(2)
def test_cancelling_frees_the_slot(api, make_room, make_booking, at, succeeded):
    """A cancelled booking blocks nothing: its slot can be booked again"""
    room = make_room()
    booking = make_booking(room["id"], "09:00", "10:00")
    succeeded(api.delete(f"/bookings/{booking['id']}"), "cancelling a booking")
    succeeded(api.post("/bookings", json=_body(room, at, "09:00", "10:00")), "the cancelled booking's slot is free")


def test_cancelled_booking_cannot_be_edited(api, make_room, make_booking, succeeded, refused):
    """PATCH of a cancelled booking is refused and changes nothing"""
    room = make_room()
    booking = make_booking(room["id"], "09:00", "10:00")
    succeeded(api.delete(f"/bookings/{booking['id']}"), "cancelling a booking")
    refused(api.patch(f"/bookings/{booking['id']}", json={"title": "revived"}), "the booking is cancelled")
    title = api.get(f"/bookings/{booking['id']}").json().get("title")
    assert title == booking["title"], f"the refused edit changed the cancelled booking's title to {title!r}"


@pytest.mark.weight(2)
def test_moving_into_an_overlap_is_refused(api, make_room, make_booking, at, refused, same_instant):
    """PATCHing a booking onto another one is refused and leaves it where it was"""
    room = make_room()
    make_booking(room["id"], "09:00", "10:00")
    later = make_booking(room["id"], "11:00", "12:00")
    resp = api.patch(f"/bookings/{later['id']}", json={"starts_at": at("09:30"), "ends_at": at("10:30")})
    refused(resp, "the new time overlaps the 09:00-10:00 booking")
    kept = api.get(f"/bookings/{later['id']}").json()
    assert same_instant(kept["starts_at"], at("11:00")), f"the refused move still changed starts_at to {kept}"


@pytest.mark.weight(2)
def test_booking_can_be_moved_within_its_own_slot(api, make_room, make_booking, at, succeeded, same_instant):
    """A booking does not conflict with itself when moved or extended"""
    room = make_room()
    booking = make_booking(room["id"], "09:00", "10:00")
    resp = api.patch(f"/bookings/{booking['id']}", json={"ends_at": at("10:30")})
    succeeded(resp, "extending a booking into free time must not clash with its own old slot")
    assert same_instant(resp.json()["ends_at"], at("10:30")), "PATCH did not change ends_at"


def test_patch_keeps_the_rules(api, make_room, make_booking, at, refused, same_instant):
    """PATCH applies the same rules as create (ends_at after starts_at)"""
    room = make_room()
    booking = make_booking(room["id"], "09:00", "10:00")
    refused(api.patch(f"/bookings/{booking['id']}", json={"ends_at": at("08:00")}), "ends_at before starts_at")
    kept = api.get(f"/bookings/{booking['id']}").json()
    assert same_instant(kept["ends_at"], at("10:00")), f"the refused edit still changed ends_at: {kept}"
