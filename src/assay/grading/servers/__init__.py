"""The private PostgreSQL and Redis of one grading run, the query plans read from its PostgreSQL, and the
challenge's own provided services.

They run inside the run's sandbox, built from its processes, files and limits;
the sandbox itself knows nothing of databases.
"""

from .plans import QueryPlan
from .private import PrivatePostgres, PrivateRedis, start_postgres, start_redis
from .provided import RunningProvided, start_provided

__all__ = [
    "PrivatePostgres",
    "PrivateRedis",
    "QueryPlan",
    "RunningProvided",
    "start_postgres",
    "start_provided",
    "start_redis",
]
