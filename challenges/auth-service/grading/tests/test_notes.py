"""Per-user data: two users on every resource route."""

import pytest


@pytest.mark.skill("api_design")
@pytest.mark.weight(2)
def test_create_note_returns_201_with_location(api, login, make_note, expect):
    """POST /notes answers 201 with a Location that reads the note back"""
    session = login()
    resp = api.post("/notes", json={"title": "Groceries", "body": "eggs"}, headers=session.auth)
    expect(resp, 201, "a note is created")
    location = resp.headers.get("location")
    assert location, "POST /notes must send a Location header"
    back = api.get(location, headers=session.auth)
    expect(back, 200, f"the Location header ({location}) must name the note")
    assert back.json().get("title") == "Groceries", f"the note reads back as {back.json()}"


@pytest.mark.skill("server_logic")
@pytest.mark.weight(2)
def test_owner_updates_and_deletes_a_note(api, login, make_note, succeeded, expect):
    """The owner can change and delete a note"""
    session = login()
    note = make_note(session)
    path = f"/notes/{note['id']}"
    succeeded(api.patch(path, json={"title": "Renamed"}, headers=session.auth), "the owner edits")
    assert api.get(path, headers=session.auth).json().get("title") == "Renamed", "the edit must be kept"
    succeeded(api.delete(path, headers=session.auth), "the owner deletes")
    expect(api.get(path, headers=session.auth), 404, "a deleted note is gone")


@pytest.mark.skill("security")
@pytest.mark.severity("critical")
@pytest.mark.weight(3)
@pytest.mark.parametrize("method", ["GET", "PATCH", "DELETE"])
def test_another_users_note_is_404(api, login, make_note, method, expect):
    """Another user's note answers 404 on GET, PATCH and DELETE, and is unchanged"""
    alice, mallory = login(), login()
    note = make_note(alice, title="Alice's diary")
    path = f"/notes/{note['id']}"
    kwargs = {"json": {"title": "pwned"}} if method == "PATCH" else {}
    expect(api.request(method, path, headers=mallory.auth, **kwargs), 404, "the note belongs to another user")
    still = api.get(path, headers=alice.auth)
    assert still.status_code == 200 and still.json().get("title") == "Alice's diary", (
        f"after another user's {method}, the owner's note must be unchanged; GET answered {still.status_code} "
        f"{still.text[:200]!r}"
    )


@pytest.mark.skill("security")
@pytest.mark.severity("critical")
@pytest.mark.weight(3)
def test_the_list_shows_only_the_callers_notes(api, login, make_note):
    """GET /notes lists only the caller's notes"""
    alice, bob = login(), login()
    mine = make_note(alice, title="mine")
    make_note(bob, title="bobs")
    items = api.get("/notes", headers=alice.auth).json().get("items") or []
    titles = [n.get("title") for n in items]
    assert titles == ["mine"] and items[0].get("id") == mine["id"], f"Alice's list must hold only her note: {titles}"


@pytest.mark.skill("security")
@pytest.mark.weight(1)
@pytest.mark.parametrize("method", ["GET", "POST", "PATCH", "DELETE"])
def test_notes_need_a_token(api, login, make_note, method, expect):
    """Every notes route answers 401 without a token"""
    note = make_note(login())
    path = "/notes" if method in ("GET", "POST") else f"/notes/{note['id']}"
    kwargs = {"json": {"title": "x", "body": "y"}} if method in ("POST", "PATCH") else {}
    expect(api.request(method, path, **kwargs), 401, "no access token")


@pytest.mark.skill("api_design")
@pytest.mark.weight(1)
def test_invalid_note_is_422_naming_the_field(api, login, expect):
    """A note without a title is 422 naming title"""
    resp = api.post("/notes", json={"title": "", "body": "x"}, headers=login().auth)
    expect(resp, 422, "the title is empty")
    errors = resp.json().get("errors") or []
    assert any("title" in str(e.get("field")) for e in errors if isinstance(e, dict)), f"errors[]: {errors}"
