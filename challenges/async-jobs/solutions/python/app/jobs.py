"""The job store and the queue in Redis, shared by the service and the worker.

A job is a hash `job:<id>`; the queue is the list `jobs:queue`. The worker moves an id atomically into
`jobs:processing` while it works on it (LMOVE), and removes it only once the job is finished, so a worker
killed mid-job leaves the id there to be delivered again. `jobs:applied` holds the ids whose credit is
applied: the credit and that mark are one Lua script, so a redelivered job never credits twice.
"""

import os
import uuid

import redis

QUEUE, PROCESSING, APPLIED = "jobs:queue", "jobs:processing", "jobs:applied"
MAX_ATTEMPTS = 3

# Credit once: the mark and the increment are applied together or not at all.
APPLY_ONCE = """
if redis.call('SADD', KEYS[1], ARGV[1]) == 1 then
  redis.call('INCRBY', KEYS[2], ARGV[2])
  return 1
end
return 0
"""


def connect() -> redis.Redis:
    return redis.Redis.from_url(os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0"), decode_responses=True)


def job_key(job_id: str) -> str:
    return f"job:{job_id}"


def balance_key(account: str) -> str:
    return f"balance:{account}"


def enqueue(r: redis.Redis, account: str, amount: int, receipt_ms: int, fail_times: int) -> str:
    job_id = uuid.uuid4().hex
    fields = {"account": account, "amount": amount, "receipt_ms": receipt_ms, "fail_times": fail_times}
    with r.pipeline(transaction=True) as pipe:
        pipe.hset(job_key(job_id), mapping={**fields, "status": "queued", "attempts": 0, "error": ""})
        pipe.lpush(QUEUE, job_id)
        pipe.execute()
    return job_id


def status(r: redis.Redis, job_id: str) -> dict | None:
    job = r.hgetall(job_key(job_id))
    if not job:
        return None
    return {"id": job_id, "status": job["status"], "attempts": int(job["attempts"]), "error": job["error"] or None}


def balance(r: redis.Redis, account: str) -> int:
    return int(r.get(balance_key(account)) or 0)
