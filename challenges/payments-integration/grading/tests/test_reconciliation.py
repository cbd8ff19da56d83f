"""Reconciliation: webhooks get lost; after POST /reconcile every order matches the provider's report."""

import pytest

pytestmark = pytest.mark.skill("integration")


@pytest.mark.weight(3)
def test_reconciling_repairs_orders_whose_webhooks_were_lost(api, create_order, event, payment_of, order_state):
    """Events never delivered (a success, a failure, a refund) show on the orders after POST /reconcile"""
    paid, failed, refunded = create_order(3100), create_order(3200), create_order(3300)
    event(paid["payment_id"], "payment.succeeded", deliver=False)
    event(failed["payment_id"], "payment.failed", deliver=False)
    event(refunded["payment_id"], "payment.succeeded")
    event(refunded["payment_id"], "refund.succeeded", amount=700, deliver=False)
    resp = api.post("/reconcile")
    assert resp.status_code == 200, f"POST /reconcile answered {resp.status_code}; expected 200 once done"
    for order in (paid, failed, refunded):
        want = payment_of(order)
        have = order_state(order)
        assert (have.get("payment_status"), have.get("refunded_amount")) == (want["status"], want["refunded_amount"]), (
            f"after POST /reconcile order {order['id']} shows payment_status={have.get('payment_status')!r}, "
            f"refunded_amount={have.get('refunded_amount')}; the provider's report says {want['status']!r}, "
            f"{want['refunded_amount']}"
        )
