"""Idempotency keys, one request at a time."""

import uuid

import pytest


@pytest.mark.skill("server_logic")
@pytest.mark.weight(5)
def test_retry_with_the_same_key_moves_the_money_once(transfer, open_account, balance_of, succeeded):
    """A retry with the same Idempotency-Key and body answers the first transfer and moves nothing more"""
    a, b = open_account(balance=10000), open_account(balance=0)
    key = str(uuid.uuid4())
    first = transfer(a["id"], b["id"], 300, key=key)
    succeeded(first, "the first request with a fresh key")
    again = transfer(a["id"], b["id"], 300, key=key)
    assert again.status_code == first.status_code, (
        f"the retry answered {again.status_code} ({again.text[:200]!r}); a retry with the same key and body must "
        f"answer the first response again ({first.status_code})"
    )
    assert again.json().get("id") == first.json().get("id"), "the retry answered a different transfer"
    assert (balance_of(a["id"]), balance_of(b["id"])) == (9700, 300), "the money must move once, not per retry"


@pytest.mark.skill("server_logic")
@pytest.mark.weight(3)
def test_same_key_with_another_body_is_refused(transfer, open_account, balance_of, succeeded, refused):
    """Reusing an Idempotency-Key with a different body is refused and moves nothing"""
    a, b = open_account(balance=10000), open_account(balance=0)
    key = str(uuid.uuid4())
    succeeded(transfer(a["id"], b["id"], 300, key=key), "the first request with a fresh key")
    refused(transfer(a["id"], b["id"], 400, key=key), "the key was already used for another transfer")
    assert (balance_of(a["id"]), balance_of(b["id"])) == (9700, 300), "the refused request must move nothing"


@pytest.mark.skill("api_design")
@pytest.mark.weight(1)
def test_same_key_with_another_body_answers_422(transfer, open_account, succeeded, expect):
    """Reusing an Idempotency-Key with a different body is 422"""
    a, b = open_account(balance=10000), open_account(balance=0)
    key = str(uuid.uuid4())
    succeeded(transfer(a["id"], b["id"], 300, key=key), "the first request with a fresh key")
    expect(transfer(a["id"], b["id"], 301, key=key), 422, "the brief answers a reused key with another body 422")


@pytest.mark.skill("server_logic")
@pytest.mark.weight(3)
def test_different_keys_are_different_transfers(transfer, open_account, balance_of, succeeded):
    """Two keys with the same body are two transfers; so are two requests without a key"""
    a, b = open_account(balance=10000), open_account(balance=0)
    for key in (str(uuid.uuid4()), str(uuid.uuid4()), None, None):
        succeeded(transfer(a["id"], b["id"], 100, key=key), "a new transfer the sender can afford")
    assert (balance_of(a["id"]), balance_of(b["id"])) == (9600, 400), (
        "four transfers of 100 (two keys, two without a key) must move 400: only a repeated key is a retry"
    )


@pytest.mark.skill("server_logic")
@pytest.mark.weight(1)
def test_a_refused_transfer_may_be_retried(transfer, open_account, balance_of, refused, succeeded):
    """A key whose transfer was refused for lack of funds works once the funds are there"""
    a, b, c = open_account(balance=100), open_account(balance=0), open_account(balance=1000)
    key = str(uuid.uuid4())
    refused(transfer(a["id"], b["id"], 500, key=key), "the sender has only 100")
    succeeded(transfer(c["id"], a["id"], 400), "a top-up the sender can afford")
    succeeded(transfer(a["id"], b["id"], 500, key=key), "the retry: the sender now has 500")
    assert (balance_of(a["id"]), balance_of(b["id"])) == (0, 500), "the retried transfer must move the money once"
