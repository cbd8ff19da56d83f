"""Transfers one at a time: the money moves, the rules refuse, the conventions hold."""

import pytest
from conftest import field_errors


@pytest.mark.skill("server_logic")
@pytest.mark.weight(4)
def test_transfer_moves_the_money(transfer, open_account, balance_of, succeeded):
    """A transfer takes the amount from the sender and gives it to the receiver"""
    a, b = open_account(balance=10000), open_account(balance=500)
    succeeded(transfer(a["id"], b["id"], 2500), "the sender can afford it")
    assert (balance_of(a["id"]), balance_of(b["id"])) == (7500, 3000), (
        "after moving 2500 from an account of 10000 to one of 500 the balances must be 7500 and 3000"
    )


@pytest.mark.skill("server_logic")
@pytest.mark.weight(2)
def test_the_whole_balance_may_be_sent(transfer, open_account, balance_of, succeeded):
    """A transfer of exactly the sender's balance succeeds and leaves 0"""
    a, b = open_account(balance=700), open_account(balance=0)
    succeeded(transfer(a["id"], b["id"], 700), "the sender has exactly 700")
    assert (balance_of(a["id"]), balance_of(b["id"])) == (0, 700), "the whole balance must move"


@pytest.mark.skill("api_design")
@pytest.mark.weight(2)
def test_transfer_returns_201_with_location(api, transfer, open_account, expect):
    """POST /transfers answers 201 with a Location that reads the transfer back"""
    a, b = open_account(), open_account()
    resp = transfer(a["id"], b["id"], 100)
    expect(resp, 201, "a transfer creates a resource")
    location = resp.headers.get("location")
    assert location, "POST /transfers must send a Location header naming the new transfer"
    back = api.get(location)
    expect(back, 200, f"the Location header ({location}) must name the new transfer")
    body = back.json()
    wanted = {"id": resp.json().get("id"), "from_account_id": a["id"], "to_account_id": b["id"], "amount": 100}
    assert {k: body.get(k) for k in wanted} == wanted and "created_at" in body, f"the transfer reads back as {body}"


@pytest.mark.skill("api_design")
@pytest.mark.weight(1)
def test_unknown_transfer_is_404(api, transfer, expect):
    """An unknown transfer answers 404"""
    expect(api.get("/transfers/987654321"), 404, "the transfer does not exist")


@pytest.mark.skill("server_logic")
@pytest.mark.severity("high")
@pytest.mark.weight(4)
def test_overdraft_is_refused_and_changes_nothing(transfer, open_account, balance_of, refused):
    """A transfer larger than the sender's balance is refused and moves nothing"""
    a, b = open_account(balance=1000), open_account(balance=0)
    refused(transfer(a["id"], b["id"], 1001), "the sender has only 1000; a balance is never negative")
    assert (balance_of(a["id"]), balance_of(b["id"])) == (1000, 0), "a refused transfer must change no balance"


@pytest.mark.skill("api_design")
@pytest.mark.weight(2)
def test_insufficient_funds_answers_409(transfer, open_account, expect):
    """Insufficient funds is 409 Conflict"""
    a, b = open_account(balance=10), open_account()
    expect(transfer(a["id"], b["id"], 11), 409, "the brief answers insufficient funds with 409")


INVALID = [
    ({"amount": 0}, "amount"),
    ({"amount": -50}, "amount"),
    ({"amount": 12.5}, "amount"),
    ({"amount": "100"}, "amount"),
    ({"to_account_id": "same"}, "to_account_id"),
    ({"to_account_id": 987654321}, "to_account_id"),
    ({"from_account_id": 987654321}, "from_account_id"),
]
INVALID_IDS = ["zero", "negative", "fractional", "string", "same-account", "unknown-receiver", "unknown-sender"]


def _invalid_body(a, b, change):
    body = {"from_account_id": a["id"], "to_account_id": b["id"], "amount": 100, **change}
    if body["to_account_id"] == "same":
        body["to_account_id"] = a["id"]
    return body


@pytest.mark.skill("server_logic")
@pytest.mark.weight(1)
@pytest.mark.parametrize(("change", "field"), INVALID, ids=INVALID_IDS)
def test_invalid_transfer_is_refused_and_changes_nothing(
    api, transfer, open_account, balance_of, refused, change, field
):
    """An invalid transfer is refused and moves nothing"""
    a, b = open_account(balance=1000), open_account(balance=1000)
    refused(api.post("/transfers", json=_invalid_body(a, b, change)), f"the field {field!r} is invalid")
    assert (balance_of(a["id"]), balance_of(b["id"])) == (1000, 1000), "a refused transfer must change no balance"


@pytest.mark.skill("api_design")
@pytest.mark.weight(3)
def test_invalid_transfers_are_422_naming_the_field(api, transfer, open_account, expect):
    """Invalid transfers are 422 with errors[] naming the field"""
    a, b = open_account(), open_account()
    wrong = []
    for change, field in INVALID:
        resp = api.post("/transfers", json=_invalid_body(a, b, change))
        if resp.status_code != 422 or not any(field in name for name in field_errors(resp)):
            wrong.append(f"{change} answered {resp.status_code} naming {field_errors(resp)}")
    assert not wrong, (
        "each invalid transfer must be 422 with errors[] naming the bad field "
        f'({{"errors": [{{"field": "amount", "message": "..."}}]}}); these were not: {"; ".join(wrong)}'
    )


@pytest.mark.skill("api_design")
@pytest.mark.weight(1)
def test_malformed_json_is_400(api, transfer, expect):
    """A body that is not JSON is 400"""
    resp = api.post("/transfers", content=b'{"amount": ', headers={"content-type": "application/json"})
    expect(resp, 400, "the body is not valid JSON")


@pytest.mark.skill("api_design")
@pytest.mark.weight(1)
def test_errors_are_problem_details(transfer, open_account):
    """Errors are application/problem+json with type, title and status"""
    a, b = open_account(balance=10), open_account()
    resp = transfer(a["id"], b["id"], 11)
    assert resp.headers.get("content-type", "").startswith("application/problem+json"), (
        f"an error must be application/problem+json, got {resp.headers.get('content-type')!r}"
    )
    body = resp.json()
    assert {"type", "title", "status"} <= set(body) and body["status"] == resp.status_code, (
        f"a problem body has type, title and status (equal to the HTTP status); got {body}"
    )


@pytest.mark.skill("api_design")
@pytest.mark.weight(2)
def test_account_lists_its_transfers_newest_first(api, transfer, open_account, succeeded):
    """GET /accounts/{id}/transfers lists transfers in and out, newest first, and honours limit"""
    a, b, c = open_account(), open_account(), open_account()
    made = []
    for source, target, amount in [(a, b, 10), (c, a, 20), (a, c, 30)]:
        resp = transfer(source["id"], target["id"], amount)
        succeeded(resp, "a transfer the sender can afford")
        made.append(resp.json()["id"])
    resp = api.get(f"/accounts/{a['id']}/transfers")
    assert resp.status_code == 200, f"GET /accounts/{{id}}/transfers answered {resp.status_code}"
    items = resp.json().get("items")
    assert [t.get("id") for t in items or []] == made[::-1], f"expected the transfers {made[::-1]}, got {items}"
    limited = api.get(f"/accounts/{a['id']}/transfers", params={"limit": 2}).json().get("items") or []
    assert [t.get("id") for t in limited] == made[:0:-1], f"limit=2 must give the two newest, got {limited}"
