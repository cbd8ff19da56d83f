"""The HTTP side: accept jobs with 202 and a status URL, answer statuses and balances."""

from fastapi import FastAPI, HTTPException, Response
from pydantic import BaseModel, Field

from app import jobs

app = FastAPI(title="Credit jobs")
store = jobs.connect()


class CreditJob(BaseModel):
    account: str = Field(min_length=1, max_length=64)
    amount: int = Field(ge=1, le=1_000_000, strict=True)
    receipt_ms: int = Field(default=0, ge=0, le=5000, strict=True)
    fail_times: int = Field(default=0, ge=0, le=100, strict=True)


@app.get("/health")
def health() -> dict:
    return {"ok": True}


@app.post("/jobs", status_code=202)
def create_job(job: CreditJob, response: Response) -> dict:
    job_id = jobs.enqueue(store, job.account, job.amount, job.receipt_ms, job.fail_times)
    url = f"/jobs/{job_id}"
    response.headers["Location"] = url
    return {"id": job_id, "status": "queued", "status_url": url}


@app.get("/jobs/{job_id}")
def read_job(job_id: str) -> dict:
    found = jobs.status(store, job_id)
    if found is None:
        raise HTTPException(status_code=404, detail="no such job")
    return found


@app.get("/accounts/{account}")
def read_account(account: str) -> dict:
    return {"account": account, "balance": jobs.balance(store, account)}
