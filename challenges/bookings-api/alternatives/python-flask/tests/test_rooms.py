import uuid


def test_room_is_created_read_and_found_by_search(client):
    name = f"Orion {uuid.uuid4().hex[:8]}"
    created = client.post("/rooms", json={"name": name, "capacity": 4})
    assert created.status_code == 201
    assert client.get(created.headers["Location"]).json()["name"] == name
    found = client.get("/rooms", params={"q": name.lower()}).json()
    assert [r["name"] for r in found["items"]] == [name]


def test_name_is_unique_regardless_of_case(client, room):
    resp = client.post("/rooms", json={"name": room["name"].upper(), "capacity": 2})
    assert resp.status_code == 409
    assert resp.headers["Content-Type"] == "application/problem+json"


def test_invalid_room_names_each_field(client):
    resp = client.post("/rooms", json={"name": "", "capacity": 0})
    assert resp.status_code == 422
    assert {e["field"] for e in resp.json()["errors"]} == {"name", "capacity"}


def test_stale_if_match_is_412(client, room):
    tag = client.get(f"/rooms/{room['id']}").headers["ETag"]
    assert (
        client.patch(f"/rooms/{room['id']}", json={"capacity": 7}, headers={"If-Match": tag}).status_code
        == 200
    )
    stale = client.patch(f"/rooms/{room['id']}", json={"capacity": 8}, headers={"If-Match": tag})
    assert stale.status_code == 412
    assert client.get(f"/rooms/{room['id']}").json()["capacity"] == 7
