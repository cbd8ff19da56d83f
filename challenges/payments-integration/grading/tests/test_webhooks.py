"""Webhooks from the provider: signed, verified, applied once, never rolled back by a late event."""

import pytest

pytestmark = pytest.mark.skill("integration")

REFUSED = (400, 401, 403)


def accepted(delivery):
    return delivery["status"] is not None and 200 <= delivery["status"] < 300


@pytest.mark.weight(2)
def test_a_signed_webhook_updates_the_order(create_order, event, order_state):
    """A payment.succeeded event with a valid signature is answered 2xx and the order shows it"""
    order = create_order()
    delivery = event(order["payment_id"], "payment.succeeded")["delivery"]
    assert accepted(delivery), f"POST /webhooks/payments of a valid event answered {delivery['status']}; expected 2xx"
    status = order_state(order).get("payment_status")
    assert status == "succeeded", f"after payment.succeeded the order's payment_status is {status!r}, not 'succeeded'"


@pytest.mark.skill("security")
@pytest.mark.weight(2)
@pytest.mark.severity("high")
def test_a_bad_signature_is_refused_and_changes_nothing(create_order, event, deliver, order_state):
    """An event signed with another key is refused with a 4xx and the order stays as it was"""
    order = create_order()
    made = event(order["payment_id"], "payment.succeeded", deliver=False)["event"]
    delivery = deliver(made["id"], signature="invalid")
    status = order_state(order).get("payment_status")
    assert delivery["status"] in REFUSED, (
        f"an event with a bad signature was answered {delivery['status']}; expected 400, 401 or 403"
    )
    assert status == "pending", f"an event with a bad signature changed the order's payment_status to {status!r}"


@pytest.mark.skill("security")
@pytest.mark.weight(2)
@pytest.mark.severity("high")
def test_an_old_timestamp_is_refused_and_changes_nothing(create_order, event, deliver, order_state):
    """A correctly signed event whose timestamp is 10 minutes old (a replay) is refused and changes nothing"""
    order = create_order()
    made = event(order["payment_id"], "payment.succeeded", deliver=False)["event"]
    delivery = deliver(made["id"], age=600)
    status = order_state(order).get("payment_status")
    assert delivery["status"] in REFUSED, (
        f"a signed event with a timestamp 600 s old was answered {delivery['status']}; expected 400, 401 or 403"
    )
    assert status == "pending", f"a replayed event with an old timestamp changed the payment_status to {status!r}"


@pytest.mark.weight(4)
@pytest.mark.severity("high")
def test_a_duplicate_refund_is_applied_once(create_order, event, deliver, order_state):
    """The same refund event delivered twice is answered 2xx both times and refunds once"""
    order = create_order(5000)
    event(order["payment_id"], "payment.succeeded")
    refund = event(order["payment_id"], "refund.succeeded", amount=1200)
    again = deliver(refund["event"]["id"])
    assert accepted(refund["delivery"]) and accepted(again), (
        f"a refund event and its duplicate were answered {refund['delivery']['status']} and {again['status']}; "
        "expected 2xx for both (a duplicate is acknowledged, not refused)"
    )
    refunded = order_state(order).get("refunded_amount")
    assert refunded == 1200, f"one refund of 1200 delivered twice left refunded_amount at {refunded}; expected 1200"


@pytest.mark.weight(2)
def test_a_late_older_event_does_not_roll_the_order_back(create_order, event, deliver, order_state):
    """payment.failed (older) arrives after payment.succeeded (newer): the order stays succeeded"""
    order = create_order()
    failed = event(order["payment_id"], "payment.failed", deliver=False)["event"]
    event(order["payment_id"], "payment.succeeded")
    late = deliver(failed["id"])
    assert accepted(late), f"a late, older event was answered {late['status']}; expected 2xx (acknowledge, ignore)"
    status = order_state(order).get("payment_status")
    assert status == "succeeded", (
        f"a late payment.failed (version {failed['data']['version']}) rolled the order back to {status!r}"
    )
