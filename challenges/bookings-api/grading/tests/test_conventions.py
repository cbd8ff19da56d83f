"""The brief's exact statuses and error shape, each one convention checked across routes.

The behaviour behind each refusal (nothing created, nothing changed) is checked elsewhere with
any refusal accepted; here only the documented status code and problem body count.
"""

import pytest

pytestmark = pytest.mark.skill("api_design")


def _mismatches(cases, status):
    return [
        f"{name}: {resp.request.method} answered {resp.status_code}"
        for name, resp in cases
        if resp.status_code != status
    ]


def _assert_all(cases, status, convention):
    wrong = _mismatches(cases, status)
    assert not wrong, f"{convention}; these answered otherwise: {'; '.join(wrong)}"


@pytest.mark.weight(3)
def test_conflicts_answer_409(api, make_room, make_booking, at, succeeded):
    """A conflict with the current state answers 409 on every route"""
    room = make_room()
    make_booking(room["id"], "09:00", "10:00")
    cancelled = make_booking(room["id"], "11:00", "12:00")
    succeeded(api.delete(f"/bookings/{cancelled['id']}"), "cancelling a booking")
    overlap = {"room_id": room["id"], "title": "x", "starts_at": at("09:30"), "ends_at": at("10:30"), "attendees": 2}
    cases = [
        ("a taken room name", api.post("/rooms", json={"name": room["name"], "capacity": 3})),
        ("an overlapping booking", api.post("/bookings", json=overlap)),
        ("deleting a room with confirmed bookings", api.delete(f"/rooms/{room['id']}")),
        ("editing a cancelled booking", api.patch(f"/bookings/{cancelled['id']}", json={"title": "y"})),
    ]
    _assert_all(cases, 409, "the brief documents 409 Conflict for each of these")


@pytest.mark.weight(3)
def test_rule_violations_answer_422_naming_the_field(api, make_room, at, field_names):
    """Every invalid booking answers 422 with errors[] naming the offending field"""
    room = make_room(capacity=4)

    def body(start, end, **fields):
        return {"room_id": room["id"], "title": "x", "starts_at": start, "ends_at": end, "attendees": 2, **fields}

    cases = [
        ("ends_at before starts_at", "ends_at", body(at("10:00"), at("09:00"))),
        ("longer than 4 hours", "ends_at", body(at("08:00"), at("12:01"))),
        ("in the past", "starts_at", body("2020-01-06T09:00:00Z", "2020-01-06T10:00:00Z")),
        ("more attendees than capacity", "attendees", body(at("09:00"), at("10:00"), attendees=5)),
        ("an unknown room", "room_id", {**body(at("09:00"), at("10:00")), "room_id": 987654321}),
    ]
    wrong = []
    for name, field, payload in cases:
        resp = api.post("/bookings", json=payload)
        if resp.status_code != 422 or not any(field in f for f in field_names(resp)):
            wrong.append(f"{name}: {resp.status_code} naming {field_names(resp)}")
    assert not wrong, (
        "the brief asks for 422 with errors[] naming the field (e.g. ends_at); "
        f"these answered otherwise: {'; '.join(wrong)}"
    )


@pytest.mark.weight(2)
def test_stale_if_match_answers_412(api, make_room, make_booking, etag_of, succeeded):
    """A write with a stale If-Match answers 412 Precondition Failed on every route"""
    room = make_room()
    booking = make_booking(room["id"], "09:00", "10:00")
    room_tag = etag_of(f"/rooms/{room['id']}")
    booking_tag = etag_of(f"/bookings/{booking['id']}")
    succeeded(api.patch(f"/rooms/{room['id']}", json={"capacity": 11}), "an edit without If-Match")
    succeeded(api.patch(f"/bookings/{booking['id']}", json={"title": "moved"}), "an edit without If-Match")
    cases = [
        ("PATCH /rooms/{id}", api.patch(f"/rooms/{room['id']}", json={"capacity": 12}, headers={"If-Match": room_tag})),
        (
            "PATCH /bookings/{id}",
            api.patch(f"/bookings/{booking['id']}", json={"title": "b"}, headers={"If-Match": booking_tag}),
        ),
        ("DELETE /bookings/{id}", api.delete(f"/bookings/{booking['id']}", headers={"If-Match": booking_tag})),
    ]
    _assert_all(cases, 412, "the brief documents 412 for an If-Match that is not the current ETag")


@pytest.mark.weight(2)
def test_errors_are_problem_details(api, make_room, at):
    """404, 409 and 422 bodies are problem details with status and title"""
    room = make_room()
    cases = [
        ("unknown room", api.get("/rooms/987654321")),
        ("taken name", api.post("/rooms", json={"name": room["name"], "capacity": 3})),
        ("invalid room", api.post("/rooms", json={"name": "", "capacity": 3})),
    ]
    wrong = []
    for name, resp in cases:
        try:
            body = resp.json()
        except ValueError:
            body = None
        shaped = isinstance(body, dict) and body.get("status") == resp.status_code and body.get("title")
        if "json" not in resp.headers.get("content-type", "") or not shaped:
            wrong.append(f"{name} ({resp.status_code}): {resp.headers.get('content-type')} {resp.text[:120]!r}")
    assert not wrong, (
        'errors must be application/problem+json with "status" (the HTTP status) and "title"; '
        f"these are not: {'; '.join(wrong)}"
    )


def test_malformed_json_answers_400(api, expect):
    """A body that is not valid JSON answers 400"""
    resp = api.post("/bookings", content=b'{"room_id": 1, "title": ', headers={"content-type": "application/json"})
    expect(resp, 400, "the brief documents 400 for a body that is not valid JSON")


def test_cancel_answers_204(api, make_room, make_booking, expect):
    """Cancelling a booking answers 204 No Content"""
    room = make_room()
    booking = make_booking(room["id"], "09:00", "10:00")
    expect(api.delete(f"/bookings/{booking['id']}"), 204, "the brief documents 204 for DELETE /bookings/{id}")


def test_oversized_body_answers_413(api, make_room, at, expect):
    """A body over 64 KB answers 413"""
    room = make_room()
    body = {"room_id": room["id"], "title": "x" * 100_000, "starts_at": at("09:00"), "ends_at": at("10:00")}
    expect(api.post("/bookings", json=body), 413, "the brief documents 413 for a body over 64 KB")
