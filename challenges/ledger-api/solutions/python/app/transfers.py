"""Transfers: all or nothing, never overdrawn, applied once per Idempotency-Key.

Both accounts are locked (SELECT ... FOR NO KEY UPDATE) in id order before anything is read, so
concurrent transfers touching the same accounts run one after the other and two transfers in
opposite directions can never wait for each other (no deadlock). The idempotency key is looked up
under those locks: a retry of the same transfer waits for the first one, then finds and replays it.
"""

from typing import Annotated

from fastapi import APIRouter, Header, Request
from fastapi.encoders import jsonable_encoder
from fastapi.responses import JSONResponse
from psycopg.errors import UniqueViolation

from app.models import NewTransfer
from app.problems import IdempotencyKeyReused, InsufficientFunds, InvalidInput, NotFound

router = APIRouter(tags=["transfers"])

KeyHeader = Annotated[str | None, Header(alias="Idempotency-Key", min_length=1, max_length=200)]


def _lock_accounts(conn, body: NewTransfer) -> dict[int, int]:
    """Lock both accounts in id order; return their balances by id."""
    if body.from_account_id == body.to_account_id:
        raise InvalidInput("to_account_id", "must differ from from_account_id")
    rows = conn.execute(
        "SELECT id, balance FROM accounts WHERE id = ANY(%s) ORDER BY id FOR NO KEY UPDATE",
        ([body.from_account_id, body.to_account_id],),
    ).fetchall()
    balances = {row["id"]: row["balance"] for row in rows}
    for field in ("from_account_id", "to_account_id"):
        if getattr(body, field) not in balances:
            raise InvalidInput(field, "no such account")
    return balances


def _earlier(conn, key: str, body: NewTransfer) -> dict | None:
    """The transfer made earlier with this key, if any; another body under the key is refused."""
    row = conn.execute(
        "SELECT id, from_account_id, to_account_id, amount, created_at FROM transfers WHERE idempotency_key = %s",
        (key,),
    ).fetchone()
    if row and (row["from_account_id"], row["to_account_id"], row["amount"]) != (
        body.from_account_id,
        body.to_account_id,
        body.amount,
    ):
        raise IdempotencyKeyReused(f"the Idempotency-Key {key!r} was used for another transfer")
    return row


def _apply(conn, body: NewTransfer, key: str | None) -> dict:
    balances = _lock_accounts(conn, body)
    earlier = _earlier(conn, key, body) if key else None
    if earlier:
        return earlier
    if balances[body.from_account_id] < body.amount:
        raise InsufficientFunds(f"account {body.from_account_id} holds less than {body.amount}")
    conn.execute("UPDATE accounts SET balance = balance - %s WHERE id = %s", (body.amount, body.from_account_id))
    conn.execute("UPDATE accounts SET balance = balance + %s WHERE id = %s", (body.amount, body.to_account_id))
    return conn.execute(
        "INSERT INTO transfers (from_account_id, to_account_id, amount, idempotency_key) "
        "VALUES (%s, %s, %s, %s) RETURNING id, from_account_id, to_account_id, amount, created_at",
        (body.from_account_id, body.to_account_id, body.amount, key),
    ).fetchone()


def _created(row: dict) -> JSONResponse:
    return JSONResponse(jsonable_encoder(row), status_code=201, headers={"Location": f"/transfers/{row['id']}"})


@router.post("/transfers", status_code=201)
def make_transfer(body: NewTransfer, request: Request, idempotency_key: KeyHeader = None) -> JSONResponse:
    """Move money from one account to another."""
    pool = request.app.state.pool
    try:
        with pool.connection() as conn, conn.transaction():
            return _created(_apply(conn, body, idempotency_key))
    except UniqueViolation:
        # The same key with other accounts raced us (other locks): theirs is stored, so read it now.
        with pool.connection() as conn:
            earlier = _earlier(conn, idempotency_key or "", body)
        if earlier is None:
            raise
        return _created(earlier)


@router.get("/transfers/{transfer_id}")
def read_transfer(transfer_id: int, request: Request) -> dict:
    """One transfer."""
    with request.app.state.pool.connection() as conn:
        row = conn.execute(
            "SELECT id, from_account_id, to_account_id, amount, created_at FROM transfers WHERE id = %s", (transfer_id,)
        ).fetchone()
    if row is None:
        raise NotFound(f"transfer {transfer_id} does not exist")
    return row
