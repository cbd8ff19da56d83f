"""The credit of a job delivered twice is applied once (needs Redis at REDIS_URL)."""

import uuid

from app import jobs


def test_a_credit_applied_twice_for_one_job_counts_once():
    r = jobs.connect()
    apply_once = r.register_script(jobs.APPLY_ONCE)
    job_id, account = f"unit-{uuid.uuid4().hex}", f"unit-{uuid.uuid4().hex}"
    for _ in range(2):
        apply_once(keys=[jobs.APPLIED, jobs.balance_key(account)], args=[job_id, 5])
    assert jobs.balance(r, account) == 5
