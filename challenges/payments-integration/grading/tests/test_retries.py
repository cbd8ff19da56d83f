"""Calls to the provider: retried on timeouts, 5xx and 429, with backoff and a bound, always with one
Idempotency-Key per order (the provider's call log shows the spacing, the count and the keys)."""

import httpx
import pytest

pytestmark = pytest.mark.skill("integration")


def payment_posts(provider):
    return [c for c in provider.calls() if c["method"] == "POST" and c["path"] == "/payments"]


def gaps(calls):
    return [round(b["at"] - a["at"], 3) for a, b in zip(calls, calls[1:])]


@pytest.mark.weight(2)
def test_a_500_is_retried(api, provider):
    """Two 500s from the provider, then success: the order is still created"""
    provider.control("POST", "/faults", {"next": ["500", "500"]})
    resp = api.post("/orders", json={"amount": 2100, "currency": "EUR"})
    posts = payment_posts(provider)
    assert resp.status_code == 201, (
        f"POST /orders answered {resp.status_code} after the provider answered 500 twice; "
        f"expected 201 after retrying (the service tried {len(posts)} time(s))"
    )
    assert len(posts) >= 3, f"the service tried {len(posts)} time(s); expected 3 (two 500s, then success)"


@pytest.mark.weight(2)
@pytest.mark.severity("high")
def test_every_attempt_carries_the_same_idempotency_key(api, provider):
    """Every attempt for one order sends one and the same Idempotency-Key, and two orders have two keys"""
    provider.control("POST", "/faults", {"next": ["500"]})
    api.post("/orders", json={"amount": 2200, "currency": "EUR"})
    api.post("/orders", json={"amount": 2200, "currency": "EUR"})
    keys = [c["key"] for c in payment_posts(provider)]
    assert len(keys) >= 3, f"the provider saw {len(keys)} POST /payments for two orders, one retried once; expected 3"
    assert all(keys), f"a POST /payments had no Idempotency-Key: keys sent {keys}"
    assert keys[0] == keys[1], f"the retry sent another Idempotency-Key than the first attempt: {keys[:2]}"
    assert len(set(keys)) == 2, (
        f"two orders sent {len(set(keys))} distinct Idempotency-Key(s); expected one per order: keys sent {keys}"
    )


@pytest.mark.weight(2)
@pytest.mark.severity("high")
def test_a_timeout_is_retried_without_a_second_payment(api, provider):
    """The provider makes the payment but answers too late: the retry gets that payment, never a second one"""
    before = len(provider.control("GET", "/payments"))
    provider.control("POST", "/faults", {"next": ["timeout"]})
    resp = api.post("/orders", json={"amount": 2300, "currency": "EUR"})
    assert resp.status_code == 201, f"POST /orders answered {resp.status_code} after one provider timeout; expected 201"
    made = provider.control("GET", "/payments")[before:]
    assert len(made) == 1, (
        f"one order made {len(made)} payments at the provider: a retry after a timeout charged the customer again"
    )
    assert resp.json().get("payment_id") == made[0]["id"], "the order does not carry the payment the provider made"


def test_retries_back_off(api, provider):
    """Three 500s: the waits before the retries start at 100 ms or more and at least double each time"""
    provider.control("POST", "/faults", {"next": ["500", "500", "500"]})
    resp = api.post("/orders", json={"amount": 2400, "currency": "EUR"})
    posts = payment_posts(provider)
    assert resp.status_code == 201 and len(posts) >= 4, (
        f"POST /orders answered {resp.status_code} after {len(posts)} attempt(s); expected 201 after 4"
    )
    waits = gaps(posts)
    # 10% slack for the time a request takes to leave and arrive; jitter may only add.
    wanted = [0.09, 0.18, 0.36]
    assert all(w >= least for w, least in zip(waits, wanted)), (
        f"the waits between attempts were {waits} s; the brief asks at least 0.1 s, then at least double each time"
    )


def test_a_429_waits_for_retry_after(api, provider):
    """A 429 with Retry-After: 1 is retried no sooner than a second later"""
    provider.control("POST", "/faults", {"next": ["429"], "retry_after": 1})
    resp = api.post("/orders", json={"amount": 2500, "currency": "EUR"})
    posts = payment_posts(provider)
    assert resp.status_code == 201 and len(posts) >= 2, (
        f"POST /orders answered {resp.status_code} after {len(posts)} attempt(s); expected 201 after 2"
    )
    waited = gaps(posts)[0]
    assert waited >= 0.95, f"the service retried {waited} s after a 429 with Retry-After: 1; it must wait 1 s"


@pytest.mark.weight(4)
@pytest.mark.severity("high")
def test_retries_are_bounded(plain, provider):
    """A provider that always fails gets at most 5 attempts, and the order request ends with a 502 or 503"""
    provider.control("POST", "/faults", {"always": "500"})
    try:
        resp = plain.post("/orders", json={"amount": 2600, "currency": "EUR"})
        status = resp.status_code
    except httpx.TimeoutException:
        status = None
    finally:
        posts = payment_posts(provider)
        provider.control("POST", "/faults", {"always": None})
    assert len(posts) <= 5, f"the service tried {len(posts)} times against a failing provider; at most 5 allowed"
    assert status in (502, 503), (
        f"POST /orders answered {status or 'nothing within 20 s'} while the provider kept failing; expected 502 or 503"
    )
