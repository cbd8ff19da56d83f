"""Our own checks beyond the public sample: concurrency and the idempotency edge cases."""

import uuid
from concurrent.futures import ThreadPoolExecutor


def test_concurrent_transfers_keep_the_sum(api, open_account):
    accounts = [open_account(100_000)["id"] for _ in range(3)]
    plan = [
        {"from_account_id": accounts[n % 3], "to_account_id": accounts[(n + 1) % 3], "amount": 7} for n in range(90)
    ]
    with ThreadPoolExecutor(8) as pool:
        answers = list(pool.map(lambda body: api.post("/transfers", json=body), plan))
    assert {r.status_code for r in answers} == {201}
    assert sum(api.get(f"/accounts/{a}").json()["balance"] for a in accounts) == 300_000


def test_overdraft_under_concurrency(api, open_account):
    source, target = open_account(500)["id"], open_account(0)["id"]
    body = {"from_account_id": source, "to_account_id": target, "amount": 100}
    with ThreadPoolExecutor(8) as pool:
        answers = list(pool.map(lambda _: api.post("/transfers", json=body), range(16)))
    assert sorted(r.status_code for r in answers) == [201] * 5 + [409] * 11
    assert api.get(f"/accounts/{source}").json()["balance"] == 0


def test_same_key_other_body_is_422(api, open_account):
    a, b = open_account(), open_account()
    key = {"Idempotency-Key": str(uuid.uuid4())}
    body = {"from_account_id": a["id"], "to_account_id": b["id"], "amount": 1}
    assert api.post("/transfers", json=body, headers=key).status_code == 201
    assert api.post("/transfers", json={**body, "amount": 2}, headers=key).status_code == 422


def test_same_account_is_422(api, open_account):
    a = open_account()
    resp = api.post("/transfers", json={"from_account_id": a["id"], "to_account_id": a["id"], "amount": 1})
    assert resp.status_code == 422
    assert any(e["field"] == "to_account_id" for e in resp.json()["errors"])
