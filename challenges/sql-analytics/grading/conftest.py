"""Fixtures of the sql-analytics hidden tests: load the candidate's schema and the shop data once.

Order of a grading: the candidate's `schema.sql` runs in the private database; its keys, foreign
keys and indexes are set aside while the generator fills the tables and put back after it, as
pg_restore orders a load (faster, and without it every one of the ~1.7 million inserted rows would
fire a foreign-key check that auto_explain logs as a plan); putting them back validates them
against the data. CHECK and NOT NULL constraints stay in place. Then ANALYZE. A schema that does not load (or rejects the data)
makes `test_data_model.py::test_schema_loads` fail with PostgreSQL's message and every other test
error with the same reason.

Every query runs on one session with fixed settings (UTC, no JIT, no parallel workers, 64 MB of
work_mem), so timings and plans of the reference and the candidate are comparable.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import psycopg
import pytest
from psycopg import sql

sys.path.insert(0, str(Path(__file__).parent))

import shop_data  # noqa: E402 (after the path is set)
from answers import Answers  # noqa: E402

SESSION_SETTINGS = (
    "SET TimeZone = 'UTC'",
    "SET jit = off",
    "SET max_parallel_workers_per_gather = 0",
    "SET work_mem = '64MB'",
)


class SchemaNotLoaded(Exception):
    """Raised by fixtures when schema.sql or the data did not load; the message says why."""


@dataclass
class Shop:
    conn: psycopg.Connection[Any] | None
    error: str | None = None
    seconds: float = 0.0
    rows: dict[str, int] = field(default_factory=dict)


def _pg_message(exc: psycopg.Error) -> str:
    diag = exc.diag
    text = (diag.message_primary or str(exc)).strip()
    if diag.message_detail:
        text += f" ({diag.message_detail.strip()})"
    if diag.context and "line" in diag.context:
        text += f" [{diag.context.strip().splitlines()[0]}]"
    return text


_CONSTRAINTS = """
SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid), contype
FROM pg_constraint
WHERE contype IN ('f', 'p', 'u', 'x')
  AND connamespace NOT IN ('pg_catalog'::regnamespace, 'information_schema'::regnamespace)
ORDER BY contype = 'f' DESC, conrelid::regclass::text, conname
"""
_INDEXES = """
SELECT i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid)
FROM pg_index i JOIN pg_class c ON c.oid = i.indrelid
WHERE c.relnamespace NOT IN ('pg_catalog'::regnamespace, 'information_schema'::regnamespace)
  AND c.relnamespace::regnamespace::text NOT LIKE 'pg_toast%'
  AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = i.indexrelid AND k.contype IN ('p', 'u', 'x'))
ORDER BY 1
"""


@dataclass
class _SetAside:
    """Keys and indexes dropped for the bulk load and put back after it, as pg_restore orders them."""

    constraints: list[tuple[str, str, str, str]] = field(default_factory=list)
    indexes: list[tuple[str, str]] = field(default_factory=list)

    def drop(self, conn: psycopg.Connection[Any]) -> None:
        # Foreign keys first (the keys they reference go next). Whatever cannot be dropped (a
        # view may depend on a primary key) stays and is simply maintained during the load.
        for table, name, definition, kind in conn.execute(_CONSTRAINTS).fetchall():
            if _try(conn, sql.SQL("ALTER TABLE {} DROP CONSTRAINT {}").format(sql.SQL(table), sql.Identifier(name))):
                self.constraints.append((table, name, definition, kind))
        for index, definition in conn.execute(_INDEXES).fetchall():
            if _try(conn, sql.SQL("DROP INDEX {}").format(sql.SQL(index))):
                self.indexes.append((index, definition))

    def restore(self, conn: psycopg.Connection[Any]) -> str | None:
        """Put everything back (keys, indexes, then foreign keys); why it failed, if it did."""
        keys = [c for c in self.constraints if c[3] != "f"]
        foreign = [c for c in self.constraints if c[3] == "f"]
        for table, name, definition, _ in keys:
            error = _add_constraint(conn, table, name, definition)
            if error:
                return f"constraint {name} on {table} rejects the grader's data: {error}"
        for index, definition in self.indexes:
            try:
                conn.execute(sql.SQL(definition))  # type: ignore[arg-type]  # pg_get_indexdef's own text
            except psycopg.Error as exc:
                return f"index {index} cannot be built on the grader's data: {_pg_message(exc)}"
        for table, name, definition, _ in foreign:
            error = _add_constraint(conn, table, name, definition)
            if error:
                return f"foreign key {name} on {table} rejects the grader's data: {error}"
        return None


def _try(conn: psycopg.Connection[Any], statement: sql.Composed) -> bool:
    try:
        conn.execute(statement)
    except psycopg.Error:
        return False
    return True


def _add_constraint(conn: psycopg.Connection[Any], table: str, name: str, definition: str) -> str | None:
    statement = sql.SQL("ALTER TABLE {} ADD CONSTRAINT {} ").format(sql.SQL(table), sql.Identifier(name))
    try:
        conn.execute(statement + sql.SQL(definition))  # type: ignore[arg-type]  # PostgreSQL's own rendering
    except psycopg.Error as exc:
        return _pg_message(exc)
    return None


def _load(conn: psycopg.Connection[Any], schema_text: str) -> Shop:
    shop = Shop(conn)
    started = time.monotonic()
    try:
        conn.execute(schema_text)  # type: ignore[arg-type]  # the candidate's file, run as written
    except psycopg.Error as exc:
        shop.error = f"schema.sql failed in PostgreSQL: {_pg_message(exc)}"
        return shop
    if conn.info.transaction_status != psycopg.pq.TransactionStatus.IDLE:
        conn.execute("COMMIT")  # a schema file that opened a transaction and left it open
    conn.execute("SET search_path TO DEFAULT")  # a schema file may have changed it
    aside = _SetAside()
    aside.drop(conn)
    for what, statement in shop_data.statements():
        try:
            shop.rows[what] = conn.execute(statement).rowcount  # type: ignore[arg-type]
        except psycopg.Error as exc:
            shop.error = (
                f"the grader's data did not fit the schema while inserting {what}: {_pg_message(exc)}. "
                "Columns and types must be exactly those of the brief, and no constraint may be stricter "
                "than the rules it states"
            )
            return shop
    shop.error = aside.restore(conn)
    if shop.error is None:
        conn.execute("ANALYZE")
    shop.seconds = time.monotonic() - started
    return shop


@pytest.fixture(scope="session")
def shop(database_url: str | None, workspace: Path) -> Iterator[Shop]:
    """The loaded database (once per grading), or why it could not be loaded. Never raises."""
    if not database_url:
        raise RuntimeError("the grader gave no database URL")
    schema = workspace / "schema.sql"
    with psycopg.connect(database_url, autocommit=True, connect_timeout=10) as conn:
        for setting in SESSION_SETTINGS:
            conn.execute(setting)  # type: ignore[arg-type]
        if not schema.is_file():
            yield Shop(conn, error="there is no schema.sql at the root of the repository")
            return
        try:
            text = schema.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            yield Shop(conn, error="schema.sql is not UTF-8 text")
            return
        loaded = _load(conn, text)
        if loaded.error is None:
            for setting in SESSION_SETTINGS:
                conn.execute(setting)  # type: ignore[arg-type]
        yield loaded


@pytest.fixture(scope="session")
def loaded(shop: Shop) -> psycopg.Connection[Any]:
    if shop.error is not None or shop.conn is None:
        raise SchemaNotLoaded(f"not checked because the schema did not load: {shop.error}")
    return shop.conn


@pytest.fixture(scope="session")
def answers(loaded: psycopg.Connection[Any], workspace: Path) -> Answers:
    return Answers(loaded, workspace / "queries", Path(__file__).parent / "reference")
