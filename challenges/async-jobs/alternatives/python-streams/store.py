"""Jobs as hashes, delivered on a Redis stream with a consumer group."""

import os
import uuid

import redis

STREAM, GROUP = "credits", "workers"
MAX_ATTEMPTS = 3
# The credit and the job's "applied" mark together: a redelivered job finds the mark and credits nothing.
CREDIT_ONCE = """
if redis.call('HSETNX', KEYS[1], 'applied', '1') == 1 then
  redis.call('INCRBY', KEYS[2], ARGV[1])
end
"""


def connect():
    return redis.Redis.from_url(os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0"), decode_responses=True)


def submit(r, job):
    job_id = str(uuid.uuid4())
    pipe = r.pipeline(transaction=True)
    pipe.hset(f"j:{job_id}", mapping={**job, "status": "queued", "attempts": 0, "error": ""})
    pipe.xadd(STREAM, {"job": job_id})
    pipe.execute()
    return job_id


def read(r, job_id):
    job = r.hgetall(f"j:{job_id}")
    if not job:
        return None
    return {"id": job_id, "status": job["status"], "attempts": int(job["attempts"]), "error": job["error"] or None}


def balance(r, account):
    return int(r.get(f"b:{account}") or 0)
