"""The connection pool, the schema, and one transaction per unit of work."""

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import psycopg
from psycopg.rows import dict_row
from psycopg_pool import ConnectionPool

SCHEMA = (Path(__file__).parent / "schema.sql").read_text()
# Two instances starting together must not both run CREATE TABLE at once.
SCHEMA_LOCK = 4_271_113

_pool: ConnectionPool | None = None


def open_pool() -> None:
    global _pool
    url = os.environ.get("DATABASE_URL")
    if not url:
        raise RuntimeError("DATABASE_URL must be set")
    _pool = ConnectionPool(url, min_size=2, max_size=12, kwargs={"row_factory": dict_row}, open=False)
    _pool.open(wait=True, timeout=30)
    with transaction() as conn:
        conn.execute("SELECT pg_advisory_xact_lock(%s)", (SCHEMA_LOCK,))
        conn.execute(SCHEMA)


@contextmanager
def transaction() -> Iterator[psycopg.Connection]:
    """A connection inside a transaction: committed when the block ends, rolled back on an error."""
    assert _pool is not None, "open_pool() was not called"
    with _pool.connection() as conn, conn.transaction():
        yield conn
