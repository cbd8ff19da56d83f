"""The HTTP side: accept credit jobs with 202 and a status URL, answer statuses and balances (see the brief)."""

import os

import redis
from fastapi import FastAPI

app = FastAPI(title="Credit jobs")
store = redis.Redis.from_url(os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0"), decode_responses=True)


@app.get("/health")
def health() -> dict:
    return {"ok": True}


# TODO: POST /jobs (202 and a status URL), GET /jobs/{id}, GET /accounts/{account}
