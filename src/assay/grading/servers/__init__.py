"""The private PostgreSQL and Redis of one grading run, and the query plans read from its PostgreSQL.

They run inside the run's sandbox, built from its processes, files and limits;
the sandbox itself knows nothing of databases.
"""

from .plans import QueryPlan
from .private import PrivatePostgres, PrivateRedis, start_postgres, start_redis

__all__ = ["PrivatePostgres", "PrivateRedis", "QueryPlan", "start_postgres", "start_redis"]
