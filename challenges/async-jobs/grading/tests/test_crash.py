"""The crash test: the worker is killed (SIGKILL, its whole process tree) in the middle of a batch and started
again; no job may be lost, none applied twice. One batch serves both checks."""

import time
import uuid

import httpx
import pytest

BATCH = 8
RECEIPT_MS = 400
WAIT_SECONDS = 30  # before the crash, and again after the restart: generous, a loaded machine starts slowly
STALL_SECONDS = 8  # once the restarted worker has finished a job, no other finished for this long: the rest is lost


@pytest.fixture(scope="module")
def client(base_url):
    with httpx.Client(base_url=base_url, timeout=10) as session:
        yield session


def finished_jobs(client, jobs):
    bodies = {url: client.get(url).json() for _, _, url in jobs}
    return {url: body for url, body in bodies.items() if body.get("status") in ("done", "failed")}


@pytest.fixture(scope="module")
def crashed_batch(client, worker, status_url_of):
    """Enqueue a batch of slow receipts, kill the worker once some jobs are done, start it, wait for the batch."""
    jobs = []
    for n in range(BATCH):
        account = f"crash-{uuid.uuid4().hex[:10]}"
        resp = client.post("/jobs", json={"account": account, "amount": n + 1, "receipt_ms": RECEIPT_MS})
        assert resp.status_code == 202 and status_url_of(resp), (
            f"POST /jobs answered {resp.status_code}: the batch of the crash test could not be enqueued"
        )
        jobs.append((account, n + 1, status_url_of(resp)))
    assert worker.running(), "the worker was not running when the batch was enqueued"
    deadline, finished = time.monotonic() + WAIT_SECONDS, {}
    while len(finished) < 2 and time.monotonic() < deadline:
        finished = finished_jobs(client, jobs)
        time.sleep(0.05)
    assert len(finished) >= 2, "no two jobs of the batch finished before the crash: the worker does not process jobs"
    worker.kill()
    assert not worker.running(), "the worker still ran after it was killed"
    finished = finished_jobs(client, jobs)
    worker.start()
    wait_after_restart(client, jobs, finished)
    return [
        (account, amount, client.get(url).json(), client.get(f"/accounts/{account}").json())
        for account, amount, url in jobs
    ]


def wait_after_restart(client, jobs, finished):
    """Until the batch is finished; or, once the restarted worker has finished a job, until none finishes for
    STALL_SECONDS (what is left then was lost); or WAIT_SECONDS when the restarted worker finishes nothing."""
    deadline, progress = time.monotonic() + WAIT_SECONDS, None
    while len(finished) < BATCH and time.monotonic() < deadline:
        if progress is not None and time.monotonic() > progress + STALL_SECONDS:
            return
        now = finished_jobs(client, jobs)
        if len(now) > len(finished):
            progress = time.monotonic()
        finished = now
        time.sleep(0.1)


@pytest.mark.skill("integration")
@pytest.mark.severity("critical")
@pytest.mark.weight(3)
def test_no_job_is_lost_when_the_worker_is_killed(crashed_batch):
    """Every job of a batch is done after the worker was killed mid-batch and started again"""
    lost = [(account, job) for account, _, job, _ in crashed_batch if job.get("status") != "done"]
    assert not lost, (
        f"{len(lost)} of {BATCH} jobs never finished after the worker was killed and restarted, e.g. {lost[0][1]}: "
        "a job taken off the queue before it was done is lost in a crash"
    )


@pytest.mark.skill("integration")
@pytest.mark.severity("high")
@pytest.mark.weight(3)
def test_no_job_is_applied_twice_after_a_restart(crashed_batch):
    """No account of the batch holds more than its one credit after the worker was killed and restarted"""
    over = [(a, amount, acc.get("balance")) for a, amount, _, acc in crashed_batch if _more(acc.get("balance"), amount)]
    assert not over, (
        f"{len(over)} account(s) were credited more than once, e.g. {over[0][0]} holds {over[0][2]} after one credit "
        f"of {over[0][1]}: a job delivered again after the crash applied its credit again"
    )


def _more(balance, amount):
    return isinstance(balance, int) and balance > amount
