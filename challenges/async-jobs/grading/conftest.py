"""Shared setup: the brief's canonical requests, unique accounts, and waiting for a job to finish."""

import time
import uuid

import pytest

FINISHED = ("done", "failed")
# Generous: a batch of slow receipts after a restart; a job that never finishes was lost.
WAIT_SECONDS = 20


@pytest.fixture
def account():
    """A fresh account name per call: tests never share balances."""
    return lambda: f"acc-{uuid.uuid4().hex[:12]}"


@pytest.fixture(scope="session")
def status_url_of():
    """The status URL of a 202 answer (see status_url)."""
    return status_url


def status_url(resp):
    """Where the brief says a job is followed: `status_url` in the body or the Location header."""
    body = resp.json() if resp.headers.get("content-type", "").startswith("application/json") else {}
    url = body.get("status_url") or resp.headers.get("location")
    if url and url.startswith("http"):
        url = "/" + url.split("/", 3)[3]
    return url


@pytest.fixture
def enqueue(api):
    """POST /jobs with the brief's canonical body; returns the job's status URL."""

    def post(account, amount, **extra):
        resp = api.post("/jobs", json={"account": account, "amount": amount, **extra})
        assert resp.status_code == 202, (
            f"POST /jobs answered {resp.status_code}: the service did not accept the brief's example job with 202"
        )
        url = status_url(resp)
        assert url, "POST /jobs answered 202 without a status_url in its body or a Location header"
        return url

    return post


@pytest.fixture
def wait_finished(api):
    """Poll status URLs until every job is done or failed (or the generous wait is over); their last bodies."""

    def wait(urls, seconds=WAIT_SECONDS):
        deadline, last = time.monotonic() + seconds, {}
        pending = list(urls)
        while pending and time.monotonic() < deadline:
            for url in list(pending):
                resp = api.get(url)
                last[url] = resp.json() if resp.status_code == 200 else {"status": f"HTTP {resp.status_code}"}
                if last[url].get("status") in FINISHED:
                    pending.remove(url)
            if pending:
                time.sleep(0.1)
        for url in pending:
            last[url] = api.get(url).json()
        return [last[url] for url in urls]

    return wait


@pytest.fixture
def balance(api):
    def read(account):
        resp = api.get(f"/accounts/{account}")
        assert resp.status_code == 200, f"GET /accounts/{account} answered {resp.status_code}; expected 200"
        return resp.json().get("balance")

    return read
