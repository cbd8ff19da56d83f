"""Ledger rules. Every write runs in a serializable transaction (db.serializable)."""

import hashlib
import json
from dataclasses import dataclass

from psycopg_pool import ConnectionPool

from app.db import serializable

ACCOUNT_SQL = "SELECT id, owner_name, balance_cents, opened_at FROM accounts WHERE id = %s"
TRANSFER_SQL = "SELECT id, source_id, destination_id, amount_cents, made_at FROM transfers WHERE id = %s"


class LedgerError(Exception):
    status = 400
    kind = "about:blank"
    title = "Bad request"

    def __init__(self, detail: str, errors: list[dict] | None = None) -> None:
        super().__init__(detail)
        self.detail, self.errors = detail, errors


class Missing(LedgerError):
    status, kind, title = 404, "/problems/not-found", "Not found"


class NotEnoughMoney(LedgerError):
    status, kind, title = 409, "/problems/insufficient-funds", "Insufficient funds"


class Invalid(LedgerError):
    status, kind, title = 422, "/problems/validation", "Request validation failed"


@dataclass(frozen=True)
class TransferRequest:
    source: int
    destination: int
    amount: int

    def fingerprint(self) -> str:
        return hashlib.sha256(json.dumps([self.source, self.destination, self.amount]).encode()).hexdigest()


def account_view(row: dict) -> dict:
    return {"id": row["id"], "owner": row["owner_name"], "balance": row["balance_cents"],
            "created_at": row["opened_at"].isoformat()}


def transfer_view(row: dict) -> dict:
    return {"id": row["id"], "from_account_id": row["source_id"], "to_account_id": row["destination_id"],
            "amount": row["amount_cents"], "created_at": row["made_at"].isoformat()}


def open_account(pool: ConnectionPool, owner: str, balance: int) -> dict:
    with pool.connection() as conn:
        row = conn.execute(
            "INSERT INTO accounts (owner_name, balance_cents) VALUES (%s, %s) "
            "RETURNING id, owner_name, balance_cents, opened_at",
            (owner, balance),
        ).fetchone()
    return account_view(row)


def get_account(pool: ConnectionPool, account_id: int) -> dict:
    with pool.connection() as conn:
        row = conn.execute(ACCOUNT_SQL, (account_id,)).fetchone()
    if row is None:
        raise Missing(f"no account {account_id}")
    return account_view(row)


def account_transfers(pool: ConnectionPool, account_id: int, limit: int) -> list[dict]:
    get_account(pool, account_id)
    with pool.connection() as conn:
        rows = conn.execute(
            "SELECT id, source_id, destination_id, amount_cents, made_at FROM transfers "
            "WHERE source_id = %(a)s OR destination_id = %(a)s ORDER BY made_at DESC, id DESC LIMIT %(n)s",
            {"a": account_id, "n": limit},
        ).fetchall()
    return [transfer_view(r) for r in rows]


def get_transfer(pool: ConnectionPool, transfer_id: int) -> dict:
    with pool.connection() as conn:
        row = conn.execute(TRANSFER_SQL, (transfer_id,)).fetchone()
    if row is None:
        raise Missing(f"no transfer {transfer_id}")
    return transfer_view(row)


def _replay(conn, key: str, request: TransferRequest) -> dict | None:
    found = conn.execute("SELECT fingerprint, transfer_id FROM idempotency_keys WHERE key = %s", (key,)).fetchone()
    if found is None:
        return None
    if found["fingerprint"] != request.fingerprint():
        raise Invalid("this Idempotency-Key belongs to a different transfer", [])
    return conn.execute(TRANSFER_SQL, (found["transfer_id"],)).fetchone()


def _balances(conn, request: TransferRequest) -> dict[int, int]:
    rows = conn.execute(
        "SELECT id, balance_cents FROM accounts WHERE id IN (%s, %s)", (request.source, request.destination)
    ).fetchall()
    balances = {r["id"]: r["balance_cents"] for r in rows}
    errors = [
        {"field": field, "message": "unknown account"}
        for field, account in (("from_account_id", request.source), ("to_account_id", request.destination))
        if account not in balances
    ]
    if errors:
        raise Invalid("unknown account", errors)
    return balances


def transfer(pool: ConnectionPool, request: TransferRequest, key: str | None) -> dict:
    def work(conn) -> dict:
        if key is not None and (earlier := _replay(conn, key, request)) is not None:
            return earlier
        balances = _balances(conn, request)
        if balances[request.source] < request.amount:
            raise NotEnoughMoney(f"account {request.source} cannot cover {request.amount}")
        balances[request.source] -= request.amount
        balances[request.destination] += request.amount
        # Writes in id order: two opposite transfers then conflict (and one retries) instead of
        # deadlocking, which PostgreSQL only detects after deadlock_timeout.
        for account in sorted(balances):
            conn.execute("UPDATE accounts SET balance_cents = %s WHERE id = %s", (balances[account], account))
        row = conn.execute(
            "INSERT INTO transfers (source_id, destination_id, amount_cents) VALUES (%s, %s, %s) "
            "RETURNING id, source_id, destination_id, amount_cents, made_at",
            (request.source, request.destination, request.amount),
        ).fetchone()
        if key is not None:
            conn.execute(
                "INSERT INTO idempotency_keys (key, fingerprint, transfer_id) VALUES (%s, %s, %s)",
                (key, request.fingerprint(), row["id"]),
            )
        return row

    return transfer_view(serializable(pool, work))
