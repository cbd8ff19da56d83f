"""Public tests: a sample of the hidden ones. Run them against your running service and worker (make test)."""

import os
import time

import httpx

BASE_URL = os.environ.get("BASE_URL", "http://127.0.0.1:8000")


def wait_for(job_url, wanted=("done", "failed")):
    for _ in range(100):
        body = httpx.get(f"{BASE_URL}{job_url}", timeout=5).json()
        if body["status"] in wanted:
            return body
        time.sleep(0.1)
    raise AssertionError(f"{job_url} did not finish: {body}")


def test_health():
    assert httpx.get(f"{BASE_URL}/health", timeout=5).status_code == 200


def test_a_job_is_accepted_and_credited():
    account = f"public-{time.time_ns()}"
    resp = httpx.post(f"{BASE_URL}/jobs", json={"account": account, "amount": 7}, timeout=5)
    assert resp.status_code == 202
    assert wait_for(resp.json()["status_url"])["status"] == "done"
    assert httpx.get(f"{BASE_URL}/accounts/{account}", timeout=5).json()["balance"] == 7


def test_an_invalid_job_is_refused():
    resp = httpx.post(f"{BASE_URL}/jobs", json={"account": "", "amount": 0}, timeout=5)
    assert resp.status_code in (400, 422)
