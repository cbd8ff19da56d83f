"""Opening and reading accounts."""

import uuid

import pytest
from conftest import field_errors


@pytest.mark.skill("api_design")
@pytest.mark.weight(2)
def test_open_account_returns_201_with_location(api, expect):
    """POST /accounts answers 201 with a Location that reads the account back"""
    resp = api.post("/accounts", json={"owner": f"Alice {uuid.uuid4().hex[:8]}", "initial_balance": 10000})
    expect(resp, 201, "opening an account creates a resource")
    location = resp.headers.get("location")
    assert location, "POST /accounts must send a Location header naming the new account"
    back = api.get(location)
    expect(back, 200, f"the Location header ({location}) must name the new account")
    assert back.json().get("id") == resp.json().get("id"), "the Location header names another account"


@pytest.mark.skill("server_logic")
@pytest.mark.weight(2)
def test_account_starts_with_its_initial_balance(api, open_account):
    """A new account holds its initial balance, and 0 when none is given"""
    funded = open_account(balance=12345)
    assert api.get(f"/accounts/{funded['id']}").json().get("balance") == 12345, "initial_balance must be the balance"
    resp = api.post("/accounts", json={"owner": f"Bob {uuid.uuid4().hex[:8]}"})
    assert 200 <= resp.status_code < 300, f"initial_balance is optional; POST without it answered {resp.status_code}"
    assert api.get(f"/accounts/{resp.json()['id']}").json().get("balance") == 0, "the default balance is 0"


@pytest.mark.skill("api_design")
@pytest.mark.weight(1)
def test_account_has_the_documented_fields(api, open_account):
    """An account has the fields id, owner, balance, created_at"""
    account = open_account(owner="Carol Example", balance=500)
    body = api.get(f"/accounts/{account['id']}").json()
    missing = {"id", "owner", "balance", "created_at"} - set(body)
    assert not missing, f"the account lacks the fields {sorted(missing)}: {body}"
    assert (body["owner"], body["balance"]) == ("Carol Example", 500), f"the account reads back wrong: {body}"
    assert isinstance(body["balance"], int), f"a balance is an integer number of cents, got {body['balance']!r}"


@pytest.mark.skill("api_design")
@pytest.mark.weight(2)
def test_unknown_account_is_404(api, open_account, expect):
    """Unknown accounts answer 404, on the account and on its transfers"""
    open_account()
    expect(api.get("/accounts/987654321"), 404, "the account does not exist")
    expect(api.get("/accounts/987654321/transfers"), 404, "the account does not exist")


@pytest.mark.skill("api_design")
@pytest.mark.weight(2)
@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"initial_balance": 100}, "owner"),
        ({"owner": "", "initial_balance": 100}, "owner"),
        ({"owner": "Dan", "initial_balance": -1}, "initial_balance"),
        ({"owner": "Dan", "initial_balance": 10.5}, "initial_balance"),
        ({"owner": "Dan", "initial_balance": "100"}, "initial_balance"),
    ],
    ids=["owner-missing", "owner-empty", "negative-balance", "fractional-balance", "balance-as-string"],
)
def test_invalid_account_is_422_naming_the_field(api, body, field, expect):
    """An invalid account is 422 with errors[] naming the field"""
    resp = api.post("/accounts", json=body)
    expect(resp, 422, f"the field {field!r} is invalid")
    names = field_errors(resp)
    assert any(field in name for name in names), (
        f"expected errors[] to name the field {field!r} "
        f'(documented shape: {{"errors": [{{"field": "{field}", "message": "..."}}]}}), got fields {names}'
    )
