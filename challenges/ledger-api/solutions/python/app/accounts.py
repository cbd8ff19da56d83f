"""Accounts: open, read, and list an account's transfers."""

from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.encoders import jsonable_encoder
from fastapi.responses import JSONResponse

from app.models import NewAccount
from app.problems import NotFound

router = APIRouter(tags=["accounts"])


def _account(conn, account_id: int) -> dict:
    row = conn.execute("SELECT id, owner, balance, created_at FROM accounts WHERE id = %s", (account_id,)).fetchone()
    if row is None:
        raise NotFound(f"account {account_id} does not exist")
    return row


@router.post("/accounts", status_code=201)
def open_account(body: NewAccount, request: Request) -> JSONResponse:
    """Open an account with its initial balance."""
    with request.app.state.pool.connection() as conn:
        row = conn.execute(
            "INSERT INTO accounts (owner, balance) VALUES (%s, %s) RETURNING id, owner, balance, created_at",
            (body.owner, body.initial_balance),
        ).fetchone()
    return JSONResponse(jsonable_encoder(row), status_code=201, headers={"Location": f"/accounts/{row['id']}"})


@router.get("/accounts/{account_id}")
def read_account(account_id: int, request: Request) -> dict:
    """The account and its current balance."""
    with request.app.state.pool.connection() as conn:
        return _account(conn, account_id)


@router.get("/accounts/{account_id}/transfers")
def account_transfers(account_id: int, request: Request, limit: Annotated[int, Query(ge=1, le=100)] = 50) -> dict:
    """Transfers into or out of the account, newest first."""
    with request.app.state.pool.connection() as conn:
        _account(conn, account_id)
        rows = conn.execute(
            "SELECT id, from_account_id, to_account_id, amount, created_at FROM transfers "
            "WHERE from_account_id = %(id)s OR to_account_id = %(id)s "
            "ORDER BY id DESC LIMIT %(limit)s",
            {"id": account_id, "limit": limit},
        ).fetchall()
    return {"items": rows}
