"""The connection pool and the schema. Each service call takes one connection: one transaction."""

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import psycopg
from psycopg.rows import dict_row
from psycopg_pool import ConnectionPool

SCHEMA = (Path(__file__).with_name("schema.sql")).read_text()
SCHEMA_LOCK = 424_242  # an advisory lock id: two instances starting at once apply the schema in turn

_pool: ConnectionPool | None = None


def open_pool() -> None:
    global _pool
    url = os.environ.get("DATABASE_URL")
    if not url:
        raise RuntimeError("DATABASE_URL must be set")
    _pool = ConnectionPool(url, min_size=1, max_size=10, kwargs={"row_factory": dict_row}, open=False)
    _pool.open(wait=True, timeout=30)
    with transaction() as conn:
        conn.execute("SELECT pg_advisory_xact_lock(%s)", (SCHEMA_LOCK,))
        conn.execute(SCHEMA)


@contextmanager
def transaction() -> Iterator[psycopg.Connection]:
    """A pooled connection; commits when the block ends, rolls back if it raises."""
    if _pool is None:
        raise RuntimeError("the pool is not open")
    with _pool.connection() as conn:
        yield conn
