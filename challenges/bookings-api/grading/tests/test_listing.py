"""Listing: filters, sorting and cursor pagination with the documented envelope."""

import pytest

pytestmark = pytest.mark.skill("api_design")


def _page(resp):
    body = resp.json()
    assert isinstance(body, dict) and isinstance(body.get("items"), list) and "next_cursor" in body, (
        f'a list must use the documented envelope {{"items": [...], "next_cursor": ...}}, got {str(body)[:200]}'
    )
    return body


@pytest.mark.weight(2)
def test_bookings_filtered_by_room(api, make_room, make_booking, expect):
    """GET /bookings?room_id= returns only that room's bookings"""
    mine, other = make_room(), make_room()
    ids = {make_booking(mine["id"], "09:00", "10:00")["id"], make_booking(mine["id"], "11:00", "12:00")["id"]}
    make_booking(other["id"], "09:00", "10:00")
    resp = api.get("/bookings", params={"room_id": mine["id"]})
    expect(resp, 200, "a valid filter")
    got = {b["id"] for b in _page(resp)["items"]}
    assert got == ids, (
        f"?room_id={mine['id']} should return exactly the room's 2 bookings {sorted(ids)}, got {sorted(got)}"
    )


@pytest.mark.skill("server_logic")
@pytest.mark.weight(2)
def test_bookings_filtered_by_time_window(api, make_room, make_booking, at, expect):
    """?from=&to= returns bookings overlapping the window, half-open"""
    room = make_room()
    early = make_booking(room["id"], "08:00", "09:00")
    middle = make_booking(room["id"], "09:30", "10:30")
    late = make_booking(room["id"], "11:00", "12:00")
    resp = api.get("/bookings", params={"room_id": room["id"], "from": at("09:00"), "to": at("11:00")})
    expect(resp, 200, "a valid time window")
    got = [b["id"] for b in _page(resp)["items"]]
    assert got == [middle["id"]], (
        f"window 09:00-11:00 should include only the 09:30-10:30 booking ({middle['id']}); "
        f"08:00-09:00 ({early['id']}) ends at 'from' and 11:00-12:00 ({late['id']}) starts at 'to'; got {got}"
    )


def test_bookings_filtered_by_status(api, make_room, make_booking, expect, succeeded):
    """?status=cancelled returns only cancelled bookings"""
    room = make_room()
    kept = make_booking(room["id"], "09:00", "10:00")
    dropped = make_booking(room["id"], "10:00", "11:00")
    succeeded(api.delete(f"/bookings/{dropped['id']}"), "cancelling a booking")
    resp = api.get("/bookings", params={"room_id": room["id"], "status": "cancelled"})
    expect(resp, 200, "a valid status filter")
    got = [b["id"] for b in _page(resp)["items"]]
    assert got == [dropped["id"]], (
        f"?status=cancelled should return only {dropped['id']}, got {got} (confirmed one is {kept['id']})"
    )


@pytest.mark.weight(2)
def test_bookings_sorted_by_start(api, make_room, make_booking, expect):
    """Bookings sort by starts_at, ascending by default and descending with sort=-starts_at"""
    room = make_room()
    b2 = make_booking(room["id"], "11:00", "12:00")
    b1 = make_booking(room["id"], "09:00", "10:00")
    b3 = make_booking(room["id"], "+1d 08:00", "+1d 09:00")
    asc = api.get("/bookings", params={"room_id": room["id"]})
    expect(asc, 200, "listing a room's bookings")
    assert [b["id"] for b in _page(asc)["items"]] == [b1["id"], b2["id"], b3["id"]], (
        "default order must be starts_at ascending"
    )
    desc = api.get("/bookings", params={"room_id": room["id"], "sort": "-starts_at"})
    expect(desc, 200, "sort=-starts_at is documented")
    assert [b["id"] for b in _page(desc)["items"]] == [b3["id"], b2["id"], b1["id"]], (
        "sort=-starts_at must be descending"
    )


@pytest.mark.weight(3)
def test_cursor_pagination_walks_every_booking_once(api, make_room, make_booking, expect):
    """limit + next_cursor walk all items once, in order, and end with next_cursor null"""
    room = make_room()
    made = [make_booking(room["id"], f"{h:02d}:00", f"{h:02d}:30")["id"] for h in range(8, 13)]
    seen, cursor, pages = [], None, 0
    while pages < 10:
        params = {"room_id": room["id"], "limit": 2, **({"cursor": cursor} if cursor else {})}
        resp = api.get("/bookings", params=params)
        expect(resp, 200, "following next_cursor")
        body = _page(resp)
        assert len(body["items"]) <= 2, f"limit=2 returned {len(body['items'])} items"
        seen += [b["id"] for b in body["items"]]
        pages += 1
        cursor = body["next_cursor"]
        if not cursor:
            break
    assert seen == made, f"paging with limit=2 should yield {made} exactly once each, in order; got {seen}"
    assert pages == 3, f"5 items with limit=2 should take 3 pages, took {pages}"


@pytest.mark.weight(2)
@pytest.mark.parametrize(
    "params, field",
    [
        ({"limit": 0}, "limit"),
        ({"limit": 101}, "limit"),
        ({"cursor": "not-a-cursor"}, "cursor"),
        ({"from": "yesterday"}, "from"),
        ({"sort": "title"}, "sort"),
    ],
    ids=["limit-zero", "limit-over-100", "bad-cursor", "bad-from", "unknown-sort"],
)
def test_invalid_list_parameters_are_422(api, invalid, params, field):
    """Invalid query parameters are 422 naming the parameter"""
    invalid(api.get("/bookings", params=params), field)


@pytest.mark.weight(2)
def test_rooms_search_sort_and_paginate(api, make_room, unique, expect):
    """GET /rooms?q=&sort=-capacity&limit= filters, sorts and paginates rooms"""
    tag = unique("floor")
    for capacity in (4, 12, 8):
        make_room(name=f"{tag} {capacity}", capacity=capacity)
    first = api.get("/rooms", params={"q": tag.upper(), "sort": "-capacity", "limit": 2})
    expect(first, 200, "a valid room search")
    page = _page(first)
    assert [r["capacity"] for r in page["items"]] == [12, 8], (
        "q (case-insensitive) + sort=-capacity + limit=2 should give capacities [12, 8]"
    )
    assert page["next_cursor"], "a third matching room exists, so next_cursor must be set"
    second = _page(api.get("/rooms", params={"q": tag, "sort": "-capacity", "limit": 2, "cursor": page["next_cursor"]}))
    assert [r["capacity"] for r in second["items"]] == [4], "the second page should hold the room of capacity 4"
    assert second["next_cursor"] is None, "the last page must have next_cursor null"
