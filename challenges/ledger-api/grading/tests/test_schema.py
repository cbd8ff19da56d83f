"""What the database itself protects: it is tried inside transactions that are rolled back."""

import uuid

import psycopg
import pytest
from psycopg import sql

pytestmark = pytest.mark.skill("database")

USER_COLUMNS = """
SELECT c.table_schema, c.table_name, c.column_name, c.data_type
FROM information_schema.columns c JOIN information_schema.tables t USING (table_schema, table_name)
WHERE t.table_type = 'BASE TABLE' AND c.table_schema NOT IN ('pg_catalog', 'information_schema')
"""


class _Rollback(Exception):
    """Raised to leave a transaction without committing what the check tried."""


def _rows(db, schema, table, *columns):
    """Every row of a table as text, without a WHERE: the plan inspection must not see our lookups as the service's."""
    query = sql.SQL("SELECT {} FROM {}").format(
        sql.SQL(", ").join(sql.SQL("{}::text").format(sql.Identifier(c)) for c in columns),
        sql.Identifier(schema, table),
    )
    try:
        return db.execute(query).fetchall()
    except psycopg.Error:
        return []  # e.g. a table without an id column cannot be the accounts table


def _balance_columns(db, account_id):
    """(schema, table, column, stored value) of every balance column of the row keyed by this account's id."""
    found = []
    for schema, table, column, data_type in db.execute(USER_COLUMNS).fetchall():
        if "balance" not in column.lower() or data_type not in ("integer", "bigint", "numeric", "smallint"):
            continue
        for key, value in _rows(db, schema, table, "id", column):
            if key == str(account_id):
                found.append((schema, table, column, value))
    return found


@pytest.mark.weight(2)
def test_balances_are_stored_in_postgres(open_account, db):
    """An account's balance is a column of a table in PostgreSQL"""
    account = open_account(balance=4321)
    columns = _balance_columns(db, account["id"])
    assert columns, (
        "no column named like *balance* in a table with a row whose id is the new account's: the brief asks for "
        "the current balance in a column whose name contains 'balance'"
    )
    holds = [c[:3] for c in columns if c[3] is not None and int(float(c[3])) == 4321]
    assert holds, f"the columns {columns} do not hold the account's balance of 4321"


@pytest.mark.weight(4)
def test_database_refuses_a_negative_balance(open_account, db):
    """PostgreSQL itself refuses a negative balance (a CHECK constraint)"""
    account = open_account(balance=100)
    columns = _balance_columns(db, account["id"])
    assert columns, "no balance column found for the account (see the brief's 'The database')"
    allowed = []
    for schema, table, column, _ in columns:
        update = sql.SQL("UPDATE {} SET {} = -1 WHERE id = %s").format(
            sql.Identifier(schema, table), sql.Identifier(column)
        )
        try:
            with db.transaction():
                db.execute(update, (account["id"],))
                raise _Rollback
        except _Rollback:
            allowed.append(f"{table}.{column}")
        except psycopg.errors.IntegrityError:
            continue
    assert not allowed, (
        f"UPDATE ... SET balance = -1 went through on {', '.join(allowed)} (rolled back afterwards): the schema must "
        "refuse a negative balance itself, e.g. CHECK (balance >= 0), so no code path can overdraw an account"
    )


def _columns_holding(db, value):
    found = []
    for schema, table, column, data_type in db.execute(USER_COLUMNS).fetchall():
        if data_type in ("text", "character varying", "uuid", "character"):
            if any(cell == value for (cell,) in _rows(db, schema, table, column)):
                found.append((schema, table, column))
    return found


UNIQUE_INDEXES = """
SELECT array_agg(a.attname::text) FROM pg_index i
JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY(i.indkey)
WHERE i.indrelid = %s::regclass AND i.indisunique AND i.indpred IS NULL
GROUP BY i.indexrelid
"""


@pytest.mark.weight(4)
def test_database_refuses_a_repeated_idempotency_key(transfer, open_account, db):
    """PostgreSQL itself refuses to store one idempotency key twice (a unique constraint)"""
    a, b = open_account(), open_account()
    key = f"key-{uuid.uuid4()}"
    resp = transfer(a["id"], b["id"], 100, key=key)
    assert 200 <= resp.status_code < 300, f"a transfer with an Idempotency-Key answered {resp.status_code}"
    columns = _columns_holding(db, key)
    assert columns, "the Idempotency-Key of a successful transfer is not stored in any table"
    unprotected = []
    for schema, table, column in columns:
        relation = sql.Identifier(schema, table).as_string(db)
        uniques = [cols for (cols,) in db.execute(UNIQUE_INDEXES, (relation,)).fetchall()]
        if not any(column in cols and len(cols) <= 3 for cols in uniques):
            unprotected.append(f"{table}.{column}")
    assert not unprotected, (
        f"the key is stored in {', '.join(unprotected)} without a unique constraint or index on it: two requests "
        "that slip past a check in code could both store it and move the money twice"
    )


@pytest.mark.weight(2)
def test_transfers_refer_to_accounts_by_foreign_keys(open_account, transfer, db):
    """Transfers refer to the table of accounts by foreign keys"""
    account = open_account()
    accounts = {f"{s}.{t}" for s, t, _, _ in _balance_columns(db, account["id"])}
    assert accounts, "no balance column found for the account (see the brief's 'The database')"
    rows = db.execute(
        "SELECT conrelid::regclass::text, confrelid::regclass::text, cardinality(conkey) FROM pg_constraint "
        "WHERE contype = 'f'"
    ).fetchall()
    referring = [r for r in rows if (r[1] if "." in r[1] else f"public.{r[1]}") in accounts]
    assert referring, f"no foreign key refers to the accounts table ({', '.join(sorted(accounts))}); found {rows}"
