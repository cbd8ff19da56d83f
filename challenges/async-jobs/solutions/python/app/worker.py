"""The worker: takes jobs off the queue reliably, credits once, retries a refused credit at most 3 times.

Run it with `python -m app.worker`. One worker is assumed: at start it puts back on the queue whatever a
previous worker was doing when it died.
"""

import time

import redis

from app import jobs

REFUSED = "ledger refused the credit"


def recover(r: redis.Redis) -> None:
    """Deliver again every job a killed worker had taken but not finished."""
    while r.lmove(jobs.PROCESSING, jobs.QUEUE, "RIGHT", "RIGHT") is not None:
        pass


def finish(r: redis.Redis, job_id: str, **fields) -> None:
    """Record the outcome and take the job off the processing list in one step."""
    with r.pipeline(transaction=True) as pipe:
        pipe.hset(jobs.job_key(job_id), mapping=fields)
        pipe.lrem(jobs.PROCESSING, 1, job_id)
        pipe.execute()


def retry(r: redis.Redis, job_id: str, error: str) -> None:
    with r.pipeline(transaction=True) as pipe:
        pipe.hset(jobs.job_key(job_id), mapping={"status": "queued", "error": error})
        pipe.lpush(jobs.QUEUE, job_id)
        pipe.lrem(jobs.PROCESSING, 1, job_id)
        pipe.execute()


def process(r: redis.Redis, apply_once, job_id: str) -> None:
    job = r.hgetall(jobs.job_key(job_id))
    if not job or job["status"] in ("done", "failed"):
        r.lrem(jobs.PROCESSING, 1, job_id)  # finished before a crash: only the acknowledgement was lost
        return
    attempts = r.hincrby(jobs.job_key(job_id), "attempts", 1)
    r.hset(jobs.job_key(job_id), "status", "running")
    if attempts <= int(job["fail_times"]):
        if attempts >= jobs.MAX_ATTEMPTS:
            return finish(r, job_id, status="failed", error=REFUSED)
        return retry(r, job_id, REFUSED)
    apply_once(keys=[jobs.APPLIED, jobs.balance_key(job["account"])], args=[job_id, int(job["amount"])])
    time.sleep(int(job["receipt_ms"]) / 1000)  # the receipt; a crash here must not credit twice
    finish(r, job_id, status="done")


def main() -> None:
    r = jobs.connect()
    apply_once = r.register_script(jobs.APPLY_ONCE)
    recover(r)
    print("worker ready", flush=True)
    while True:
        job_id = r.blmove(jobs.QUEUE, jobs.PROCESSING, 1, "RIGHT", "LEFT")
        if job_id is not None:
            process(r, apply_once, job_id)


if __name__ == "__main__":
    main()
