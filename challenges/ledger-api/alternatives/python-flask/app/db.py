"""The connection pool, the schema, and serializable transactions that retry on conflict."""

import os
import random
import time
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from psycopg import IsolationLevel
from psycopg.errors import DeadlockDetected, SerializationFailure, UniqueViolation
from psycopg.rows import dict_row
from psycopg_pool import ConnectionPool

T = TypeVar("T")
SCHEMA = (Path(__file__).parent / "schema.sql").read_text()
ATTEMPTS = 60
# Errors that mean "another transaction got there first": running ours again gives the right answer.
RETRYABLE = (SerializationFailure, DeadlockDetected, UniqueViolation)


def open_pool() -> ConnectionPool:
    pool = ConnectionPool(
        os.environ["DATABASE_URL"], min_size=2, max_size=4, kwargs={"row_factory": dict_row}, open=False
    )
    pool.open(wait=True, timeout=30)
    with pool.connection() as conn, conn.transaction():
        conn.execute("SELECT pg_advisory_xact_lock(424242)")
        conn.execute(SCHEMA)
    return pool


def serializable(pool: ConnectionPool, work: Callable[..., T]) -> T:
    """Run work(conn) in a SERIALIZABLE transaction, again after a conflict, with jittered backoff.

    SERIALIZABLE lets the transfer code read, decide and write plainly: PostgreSQL aborts any
    transaction whose outcome would differ from some serial order, and we run it again.
    """
    for attempt in range(ATTEMPTS):
        with pool.connection() as conn:
            conn.isolation_level = IsolationLevel.SERIALIZABLE
            try:
                with conn.transaction():
                    return work(conn)
            except RETRYABLE:
                if attempt == ATTEMPTS - 1:
                    raise
            finally:
                conn.isolation_level = None
        time.sleep(random.uniform(0, min(0.2, 0.002 * 2**attempt)))  # noqa: S311 (jitter, not a secret)
    raise AssertionError("unreachable")
