"""A sample of the platform's checks (the hidden suite has many more)."""

import uuid


def test_health(api):
    assert api.get("/health").status_code == 200


def test_open_account_returns_201_with_location(api):
    resp = api.post("/accounts", json={"owner": "Alice", "initial_balance": 10000})
    assert resp.status_code == 201
    assert api.get(resp.headers["location"]).json()["balance"] == 10000


def test_transfer_moves_the_money(api, open_account):
    a, b = open_account(10000), open_account(0)
    resp = api.post("/transfers", json={"from_account_id": a["id"], "to_account_id": b["id"], "amount": 2500})
    assert resp.status_code == 201
    assert api.get(f"/accounts/{a['id']}").json()["balance"] == 7500
    assert api.get(f"/accounts/{b['id']}").json()["balance"] == 2500


def test_overdraft_is_409(api, open_account):
    a, b = open_account(100), open_account(0)
    resp = api.post("/transfers", json={"from_account_id": a["id"], "to_account_id": b["id"], "amount": 101})
    assert resp.status_code == 409
    assert api.get(f"/accounts/{a['id']}").json()["balance"] == 100


def test_invalid_amount_is_422_naming_the_field(api, open_account):
    a, b = open_account(), open_account()
    resp = api.post("/transfers", json={"from_account_id": a["id"], "to_account_id": b["id"], "amount": 0})
    assert resp.status_code == 422
    assert any(e["field"] == "amount" for e in resp.json()["errors"])


def test_retry_with_the_same_key_moves_the_money_once(api, open_account):
    a, b = open_account(1000), open_account(0)
    body = {"from_account_id": a["id"], "to_account_id": b["id"], "amount": 300}
    key = {"Idempotency-Key": str(uuid.uuid4())}
    first = api.post("/transfers", json=body, headers=key)
    again = api.post("/transfers", json=body, headers=key)
    assert (first.status_code, again.status_code) == (201, 201)
    assert again.json()["id"] == first.json()["id"]
    assert api.get(f"/accounts/{b['id']}").json()["balance"] == 300
