"""The order table and the refunds that belong to it."""

import os
from pathlib import Path
from uuid import UUID

from psycopg.rows import dict_row
from psycopg_pool import ConnectionPool

SCHEMA = (Path(__file__).parent / "schema.sql").read_text()


def open_pool() -> ConnectionPool:
    pool = ConnectionPool(os.environ["DATABASE_URL"], max_size=16, kwargs={"row_factory": dict_row}, open=False)
    pool.open(wait=True, timeout=30)
    with pool.connection() as conn, conn.transaction():
        conn.execute("SELECT pg_advisory_xact_lock(61)")
        conn.execute(SCHEMA)
    return pool


def insert_order(conn, order_id: UUID, amount: int, currency: str) -> None:
    conn.execute(
        "INSERT INTO payment_orders (id, amount_cents, currency) VALUES (%s, %s, %s)", (order_id, amount, currency)
    )


def set_payment(conn, order_id: UUID, payment_id: str) -> dict:
    return conn.execute(
        "UPDATE payment_orders SET provider_payment = %s WHERE id = %s RETURNING id::text AS id,"
        " amount_cents AS amount, currency, provider_payment AS payment_id, payment_status, refunded_amount",
        (payment_id, order_id),
    ).fetchone()


def find(conn, order_id: UUID) -> dict | None:
    return conn.execute(
        "SELECT id::text AS id, amount_cents AS amount, currency, provider_payment AS payment_id, payment_status,"
        " refunded_amount FROM payment_orders WHERE id = %s",
        (order_id,),
    ).fetchone()


def set_status(conn, payment_id: str, status: str) -> None:
    conn.execute("UPDATE payment_orders SET payment_status = %s WHERE provider_payment = %s", (status, payment_id))


def add_refund(conn, payment_id: str, refund_id: str, amount: int) -> bool:
    added = conn.execute(
        "INSERT INTO refunds (refund_id, provider_payment, amount_cents) VALUES (%s, %s, %s)"
        " ON CONFLICT DO NOTHING RETURNING refund_id",
        (refund_id, payment_id, amount),
    ).fetchone()
    if added:
        conn.execute(
            "UPDATE payment_orders SET refunded_amount = refunded_amount + %s WHERE provider_payment = %s",
            (amount, payment_id),
        )
    return added is not None


def match_report(conn, payment: dict) -> bool:
    changed = conn.execute(
        "UPDATE payment_orders SET payment_status = %s, refunded_amount = %s"
        " WHERE provider_payment = %s AND (payment_status, refunded_amount) IS DISTINCT FROM (%s, %s)"
        " RETURNING id",
        (payment["status"], payment["refunded_amount"], payment["id"], payment["status"], payment["refunded_amount"]),
    ).fetchone()
    return changed is not None
