"""Shared setup: the provider reset for every test, orders made with the brief's canonical request, and the
provider's side of things read through its control socket (never through the candidate's service)."""

import uuid

import httpx
import pytest


@pytest.fixture
def provider(provided):
    """The payments provider with no fault set and an empty call log (payments of earlier tests stay)."""
    payments = provided["payments"]
    payments.reset()
    return payments


@pytest.fixture
def plain(base_url):
    """A client whose answers are not audited for 5xx: when the provider keeps failing, the brief asks for a 502."""
    with httpx.Client(base_url=base_url, timeout=20) as client:
        yield client


@pytest.fixture
def create_order(api, provider):
    """POST /orders with the brief's example body; the order as answered."""

    def create(amount=2500):
        resp = api.post("/orders", json={"amount": amount, "currency": "EUR"})
        assert resp.status_code == 201, (
            f"POST /orders answered {resp.status_code}; expected 201: the service cannot create an order "
            "with the brief's example request while the provider is healthy"
        )
        order = resp.json()
        assert order.get("payment_id"), "the created order carries no payment_id from the provider"
        return order

    return create


@pytest.fixture
def payment_of(provider):
    """The provider's record of an order's payment."""

    def find(order):
        found = [p for p in provider.control("GET", "/payments") if p["id"] == order["payment_id"]]
        assert found, f"the order's payment_id {order['payment_id']!r} is not a payment the provider made"
        return found[0]

    return find


@pytest.fixture
def order_state(api):
    """GET /orders/{id}: the order as the service holds it now."""

    def read(order):
        resp = api.get(f"/orders/{order['id']}")
        assert resp.status_code == 200, f"GET /orders/{order['id']} answered {resp.status_code}; expected 200"
        return resp.json()

    return read


@pytest.fixture
def event(provider):
    """Make a provider event for a payment (it changes the payment there) and deliver it unless told not to."""

    def make(payment_id, kind, amount=None, deliver=True):
        payload = {"payment_id": payment_id, "type": kind, "amount": amount, "deliver": deliver}
        return provider.control("POST", "/events", payload)

    return make


@pytest.fixture
def deliver(provider):
    """(Re)deliver an event: `signature` "valid" or "invalid", its timestamp `age` seconds old."""

    def send(event_id, signature="valid", age=0):
        return provider.control("POST", "/deliver", {"event_id": event_id, "signature": signature, "age": age})

    return send


def unique_amount():
    """An amount no other test uses, to tell orders apart in the provider's records."""
    return 1000 + uuid.uuid4().int % 90000
