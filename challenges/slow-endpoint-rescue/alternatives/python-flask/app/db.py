"""The connection pool and the schema."""

import os
from pathlib import Path

from psycopg.rows import dict_row
from psycopg_pool import ConnectionPool

SCHEMA = (Path(__file__).parent / "schema.sql").read_text()


def open_pool() -> ConnectionPool:
    pool = ConnectionPool(
        os.environ["DATABASE_URL"], min_size=2, max_size=8, kwargs={"row_factory": dict_row}, open=False
    )
    pool.open(wait=True, timeout=30)
    with pool.connection() as conn, conn.transaction():
        conn.execute("SELECT pg_advisory_xact_lock(424243)")  # two starting instances never race
        conn.execute(SCHEMA)
    return pool
