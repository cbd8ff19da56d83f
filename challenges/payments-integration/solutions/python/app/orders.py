"""Orders and their payments: what the provider's answers and events do to them."""

from psycopg import Connection

def create(conn: Connection, amount: int, currency: str) -> dict:
    return conn.execute(
        "INSERT INTO orders (amount, currency, idempotency_key) VALUES (%s, %s, gen_random_uuid())"
        " RETURNING id, amount, currency, idempotency_key::text AS key",
        (amount, currency),
    ).fetchone()


def attach_payment(conn: Connection, order_id: int, payment_id: str) -> dict:
    return conn.execute(
        "UPDATE orders SET provider_payment = %s WHERE id = %s"
        " RETURNING id, amount, currency, provider_payment AS payment_id, payment_status, refunded_amount",
        (payment_id, order_id),
    ).fetchone()


def get(conn: Connection, order_id: int) -> dict | None:
    return conn.execute(
        "SELECT id, amount, currency, provider_payment AS payment_id, payment_status, refunded_amount"
        " FROM orders WHERE id = %s",
        (order_id,),
    ).fetchone()


def apply_event(conn: Connection, event: dict) -> str:
    """Apply one verified event once. Returns what happened, for the webhook's answer."""
    seen = conn.execute(
        "INSERT INTO webhook_events (id, type) VALUES (%s, %s) ON CONFLICT DO NOTHING RETURNING id",
        (event["id"], event["type"]),
    ).fetchone()
    if seen is None:
        return "duplicate"
    data = event["data"]
    if event["type"] == "refund.succeeded":
        updated = conn.execute(
            "UPDATE orders SET refunded_amount = refunded_amount + %s WHERE provider_payment = %s RETURNING id",
            (data["refund"]["amount"], data["payment_id"]),
        ).fetchone()
    elif event["type"] in ("payment.succeeded", "payment.failed"):
        updated = conn.execute(
            "UPDATE orders SET payment_status = %s, status_version = %s"
            " WHERE provider_payment = %s AND status_version < %s RETURNING id",
            (data["status"], data["version"], data["payment_id"], data["version"]),
        ).fetchone()
    else:
        return "ignored"
    return "applied" if updated else "stale"


def reconcile(conn: Connection, payments: list[dict]) -> int:
    """Make every order match the provider's report; how many orders changed."""
    corrected = 0
    for payment in payments:
        row = conn.execute(
            "UPDATE orders SET payment_status = %s, refunded_amount = %s,"
            " status_version = GREATEST(status_version, %s)"
            " WHERE provider_payment = %s AND (payment_status <> %s OR refunded_amount <> %s) RETURNING id",
            (
                payment["status"],
                payment["refunded_amount"],
                payment["version"],
                payment["id"],
                payment["status"],
                payment["refunded_amount"],
            ),
        ).fetchone()
        corrected += row is not None
    return corrected
