"""Rooms: the plain REST resource — status codes, Location, validation, errors."""

import pytest

pytestmark = pytest.mark.skill("api_design")


@pytest.mark.weight(3)
def test_create_room_returns_201_with_location(api, unique, expect):
    """Creating a room answers 201 Created with a Location header and the room"""
    name = unique("Atlas")
    resp = api.post("/rooms", json={"name": name, "capacity": 8})
    expect(resp, 201, "POST /rooms creates a room and must answer 201 Created")
    location = resp.headers.get("location")
    assert location, "POST /rooms returned 201 without a Location header pointing at the new room"
    room = resp.json()
    assert room.get("name") == name and room.get("capacity") == 8, (
        f"the created room {room} does not echo name and capacity"
    )
    assert "id" in room, f"the created room {room} has no id"
    fetched = api.get(location)
    expect(fetched, 200, f"the Location header {location!r} must lead to the new room")
    assert fetched.json().get("id") == room["id"], "GET on the Location header returned a different room"


def test_get_room_by_id(api, make_room, expect):
    """GET /rooms/{id} returns the room"""
    room = make_room(capacity=4)
    resp = api.get(f"/rooms/{room['id']}")
    expect(resp, 200, "the room exists")
    got = resp.json()
    assert got.get("name") == room["name"] and got.get("capacity") == 4, f"GET /rooms/{{id}} returned {got}"


@pytest.mark.weight(2)
def test_unknown_room_is_404(api, expect):
    """An unknown room is 404 Not Found"""
    expect(api.get("/rooms/987654321"), 404, "there is no room 987654321")


@pytest.mark.weight(2)
@pytest.mark.parametrize(
    "body, field",
    [
        ({"capacity": 5}, "name"),
        ({"name": "", "capacity": 5}, "name"),
        ({"name": "x" * 101, "capacity": 5}, "name"),
        ({"name": "ok", "capacity": 0}, "capacity"),
        ({"name": "ok", "capacity": "ten"}, "capacity"),
    ],
    ids=["name-missing", "name-empty", "name-too-long", "capacity-zero", "capacity-not-a-number"],
)
def test_invalid_room_is_422_with_field(api, invalid, body, field):
    """An invalid room is rejected with 422 naming the field"""
    invalid(api.post("/rooms", json=body), field)


@pytest.mark.skill("server_logic")
@pytest.mark.weight(2)
@pytest.mark.parametrize("spelling", [str, str.upper], ids=["same-case", "other-case"])
def test_taken_room_name_is_refused(api, make_room, refused, spelling):
    """A second room with a taken name (in any case) is refused"""
    room = make_room()
    resp = api.post("/rooms", json={"name": spelling(room["name"]), "capacity": 3})
    refused(resp, f"room names are unique regardless of case and {room['name']!r} is taken")


def test_patch_room_changes_only_given_fields(api, make_room, expect):
    """PATCH /rooms/{id} changes only the fields sent"""
    room = make_room(capacity=4)
    resp = api.patch(f"/rooms/{room['id']}", json={"capacity": 12})
    expect(resp, 200, "a valid partial update")
    assert resp.json().get("capacity") == 12, "PATCH did not change the capacity"
    assert resp.json().get("name") == room["name"], "PATCH with only capacity changed the name too"


@pytest.mark.weight(2)
def test_delete_room_then_404(api, make_room, expect):
    """DELETE /rooms/{id} answers 204, then the room is gone"""
    room = make_room()
    expect(api.delete(f"/rooms/{room['id']}"), 204, "deleting a room without bookings")
    expect(api.get(f"/rooms/{room['id']}"), 404, "a deleted room is gone")


@pytest.mark.skill("server_logic")
# Deleting the room would destroy other people's confirmed bookings: changing others' data.
@pytest.mark.severity("critical")
@pytest.mark.weight(3)
def test_room_with_bookings_is_not_deleted(api, make_room, make_booking, refused, expect):
    """A room with confirmed bookings cannot be deleted: it and its bookings stay"""
    room = make_room()
    booking = make_booking(room["id"], "09:00", "10:00")
    refused(api.delete(f"/rooms/{room['id']}"), "deleting the room would silently drop its confirmed bookings")
    expect(api.get(f"/rooms/{room['id']}"), 200, "the room must still exist after the refused delete")
    kept = api.get(f"/bookings/{booking['id']}")
    expect(kept, 200, "the room's booking must still exist after the refused delete")
    assert kept.json().get("status") == "confirmed", f"the room's booking is now {kept.json().get('status')!r}"
