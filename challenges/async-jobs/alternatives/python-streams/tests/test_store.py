"""The store against the Redis at REDIS_URL: a job is queued, readable, and credited once."""

import server
import store


def test_a_submitted_job_is_queued():
    r = store.connect()
    job_id = store.submit(r, {"account": "unit", "amount": 3, "receipt_ms": 0, "fail_times": 0})
    assert store.read(r, job_id)["status"] in ("queued", "running", "done")


def test_a_boolean_is_not_an_amount():
    assert server.invalid({"account": "a", "amount": True})
    assert server.invalid({"account": "a", "amount": 3}) is None
