"""The worker: a consumer of the group `workers`; an entry is acknowledged only with its job's outcome."""

import time

import redis

import store

CONSUMER = "worker"
REFUSED = "ledger refused the credit"


def ensure_group(r):
    try:
        r.xgroup_create(store.STREAM, store.GROUP, id="0", mkstream=True)
    except redis.ResponseError as error:
        if "BUSYGROUP" not in str(error):
            raise


def claim_pending(r):
    """Every entry delivered before a crash and never acknowledged: delivered again, to this worker."""
    start, entries = "0-0", []
    while True:
        start, claimed, *_ = r.xautoclaim(store.STREAM, store.GROUP, CONSUMER, min_idle_time=0, start_id=start)
        entries += claimed
        if start == "0-0":
            return entries


def settle(r, entry_id, job_id, requeue=False, **fields):
    pipe = r.pipeline(transaction=True)
    pipe.hset(f"j:{job_id}", mapping=fields)
    if requeue:
        pipe.xadd(store.STREAM, {"job": job_id})
    pipe.xack(store.STREAM, store.GROUP, entry_id)
    pipe.execute()


def handle(r, credit_once, entry_id, job_id):
    job = r.hgetall(f"j:{job_id}")
    if not job or job["status"] in ("done", "failed"):
        return r.xack(store.STREAM, store.GROUP, entry_id)
    attempts = r.hincrby(f"j:{job_id}", "attempts", 1)
    r.hset(f"j:{job_id}", "status", "running")
    if attempts <= int(job["fail_times"]):
        if attempts >= store.MAX_ATTEMPTS:
            return settle(r, entry_id, job_id, status="failed", error=REFUSED)
        time.sleep(0.05 * attempts)  # a short backoff before the retry
        return settle(r, entry_id, job_id, requeue=True, status="queued", error=REFUSED)
    credit_once(keys=[f"j:{job_id}", f"b:{job['account']}"], args=[int(job["amount"])])
    time.sleep(int(job["receipt_ms"]) / 1000)
    settle(r, entry_id, job_id, status="done")


def main():
    r = store.connect()
    credit_once = r.register_script(store.CREDIT_ONCE)
    ensure_group(r)
    for entry_id, fields in claim_pending(r):
        if fields:
            handle(r, credit_once, entry_id, fields["job"])
    print("worker ready", flush=True)
    while True:
        for _, entries in r.xreadgroup(store.GROUP, CONSUMER, {store.STREAM: ">"}, count=1, block=1000) or []:
            for entry_id, fields in entries:
                handle(r, credit_once, entry_id, fields["job"])


if __name__ == "__main__":
    main()
