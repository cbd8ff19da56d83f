"""Refused attempts: retried, bounded, reported with a reason."""

import pytest


@pytest.mark.skill("server_logic")
@pytest.mark.weight(2)
def test_a_job_refused_once_is_retried_and_done(enqueue, wait_finished, balance, account):
    """A job the ledger refuses once is retried, done after 2 attempts, credited once"""
    name = account()
    (job,) = wait_finished([enqueue(name, 9, fail_times=1)])
    assert job.get("status") == "done", f"a job refused once was not retried to done: {job}"
    assert job.get("attempts") == 2, f"a job refused once then applied reports {job.get('attempts')} attempts, not 2"
    assert balance(name) == 9, f"the account holds {balance(name)} after one credit of 9"


@pytest.mark.skill("integration")
@pytest.mark.severity("high")
@pytest.mark.weight(2)
def test_a_job_refused_every_time_fails_after_3_attempts(enqueue, wait_finished, balance, account):
    """A job the ledger always refuses is failed after exactly 3 attempts, with its reason, crediting nothing"""
    name = account()
    (job,) = wait_finished([enqueue(name, 4, fail_times=100)])
    assert job.get("status") == "failed", f"a job refused every time did not end failed: {job}"
    assert job.get("attempts") == 3, f"the failed job reports {job.get('attempts')} attempts; the brief allows 3"
    assert job.get("error"), f"the failed job gives no reason in error: {job}"
    assert balance(name) == 0, f"a failed job credited {balance(name)}"
