"""Connection pool and schema creation."""

import os
from pathlib import Path

from psycopg.rows import dict_row
from psycopg_pool import ConnectionPool

SCHEMA = (Path(__file__).parent / "schema.sql").read_text()
# Any constant works; it only has to be the same for every instance of this service.
MIGRATION_LOCK = 4_120_915


def create_pool() -> ConnectionPool:
    url = os.environ.get("DATABASE_URL")
    if not url:
        raise RuntimeError("DATABASE_URL is not set")
    pool = ConnectionPool(url, min_size=2, max_size=10, kwargs={"row_factory": dict_row}, open=False)
    pool.open(wait=True, timeout=30)
    return pool


def create_schema(pool: ConnectionPool) -> None:
    """Apply schema.sql; the advisory lock keeps two starting instances from racing."""
    with pool.connection() as conn, conn.transaction():
        conn.execute("SELECT pg_advisory_xact_lock(%s)", (MIGRATION_LOCK,))
        conn.execute(SCHEMA)
