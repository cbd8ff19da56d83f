"""The worker process: `[worker] command` in assay.toml starts it beside the service, with the same REDIS_URL.

The grader kills it (SIGKILL) in the middle of a batch and starts it again: no job may be lost, none applied twice.
"""

import os
import time

import redis


def main() -> None:
    r = redis.Redis.from_url(os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0"), decode_responses=True)
    r.ping()
    print("worker ready", flush=True)
    while True:
        # TODO: take a job, credit its account once, send its receipt, record its status
        time.sleep(1)


if __name__ == "__main__":
    main()
