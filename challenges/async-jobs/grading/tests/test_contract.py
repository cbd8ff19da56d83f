"""The API's contract: 202 with a status URL, statuses, balances, refusals."""

import pytest


@pytest.mark.skill("api_design")
@pytest.mark.weight(2)
def test_a_job_is_accepted_with_202_and_a_status_url(api, account, status_url_of):
    """POST /jobs answers 202 with a status URL that answers the job"""
    resp = api.post("/jobs", json={"account": account(), "amount": 5})
    assert resp.status_code == 202, f"POST /jobs answered {resp.status_code}; the brief asks for 202 Accepted"
    url = status_url_of(resp)
    assert url, "the 202 answer has neither a status_url in its body nor a Location header"
    job = api.get(url)
    assert job.status_code == 200, f"GET {url} (the status URL) answered {job.status_code}"
    assert job.json().get("status") in ("queued", "running", "done"), f"GET {url} answered {job.json()}"


@pytest.mark.skill("api_design")
@pytest.mark.parametrize(
    "body",
    [
        {"account": "", "amount": 5},
        {"account": "acc-1", "amount": 0},
        {"account": "acc-1", "amount": "5"},
        {"amount": 5},
        {"account": "acc-1", "amount": 5, "receipt_ms": 6000},
    ],
    ids=["empty-account", "zero-amount", "amount-as-text", "no-account", "receipt-too-long"],
)
def test_an_invalid_job_is_refused(api, body):
    """A job that breaks the brief's rules is refused with 400 or 422"""
    resp = api.post("/jobs", json=body)
    assert resp.status_code in (400, 422), f"POST /jobs with {body} answered {resp.status_code}; expected 400 or 422"


@pytest.mark.skill("api_design")
def test_an_unknown_job_is_404(api):
    """GET /jobs/{id} of an unknown id is 404"""
    resp = api.get("/jobs/00000000000000000000000000000000")
    assert resp.status_code == 404, f"GET /jobs/<unknown id> answered {resp.status_code}; expected 404"


@pytest.mark.skill("api_design")
def test_an_account_nobody_credited_has_balance_0(balance, account):
    """GET /accounts/{account} of a new account answers balance 0"""
    name = account()
    assert balance(name) == 0, f"GET /accounts/{name} did not answer balance 0 for a new account"


@pytest.mark.skill("integration")
@pytest.mark.weight(2)
def test_a_job_is_processed_and_credited(enqueue, wait_finished, balance, account):
    """The worker processes an accepted job: done, and the account credited"""
    name = account()
    (job,) = wait_finished([enqueue(name, 25)])
    assert job.get("status") == "done", f"the job did not end done: its status is {job}"
    assert balance(name) == 25, f"the job is done but the account holds {balance(name)}, not 25"
