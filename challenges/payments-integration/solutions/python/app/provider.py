"""The payments provider's client: every call has a timeout, and failures that may pass (a timeout, a
connection error, a 5xx, a 429) are retried with exponential backoff, at most MAX_ATTEMPTS times."""

import os
import random
import time

import httpx

MAX_ATTEMPTS = 5
FIRST_DELAY = 0.1  # seconds; doubled before each further attempt
MAX_RETRY_AFTER = 10.0  # a provider asking for longer than this is treated as down
TIMEOUT = httpx.Timeout(1.0)


class ProviderUnavailable(Exception):
    """The provider did not answer usefully within MAX_ATTEMPTS."""


def base_url() -> str:
    return os.environ.get("ASSAY_SERVICE_PAYMENTS_URL", "http://127.0.0.1:9300")


def retryable(resp: httpx.Response | None) -> bool:
    return resp is None or resp.status_code == 429 or resp.status_code >= 500


def wait_before(attempt: int, resp: httpx.Response | None) -> float:
    """Backoff for the attempt after `attempt`: 0.1, 0.2, 0.4... s plus up to 10% jitter, or Retry-After."""
    delay = FIRST_DELAY * 2 ** (attempt - 1)
    delay += random.uniform(0, delay / 10)
    if resp is not None and resp.status_code == 429:
        try:
            delay = max(delay, float(resp.headers.get("Retry-After", "0")))
        except ValueError:
            pass  # an HTTP-date: our backoff stands in
    return delay


def request(method: str, path: str, *, json: dict | None = None, key: str | None = None) -> httpx.Response:
    """One logical call; the same Idempotency-Key on every attempt makes retrying a POST safe."""
    headers = {"Idempotency-Key": key} if key else {}
    resp = None
    with httpx.Client(base_url=base_url(), timeout=TIMEOUT) as client:
        for attempt in range(1, MAX_ATTEMPTS + 1):
            try:
                resp = client.request(method, path, json=json, headers=headers)
            except httpx.TransportError:
                resp = None
            if not retryable(resp):
                return resp
            delay = wait_before(attempt, resp)
            if attempt == MAX_ATTEMPTS or delay > MAX_RETRY_AFTER:
                break
            time.sleep(delay)
    raise ProviderUnavailable(f"{method} {path}: no answer after {MAX_ATTEMPTS} attempts")


def create_payment(amount: int, currency: str, reference: str, key: str) -> dict:
    resp = request("POST", "/payments", json={"amount": amount, "currency": currency, "reference": reference}, key=key)
    if resp.status_code not in (200, 201):
        raise ProviderUnavailable(f"the provider refused the payment: {resp.status_code}")
    return resp.json()


def reconciliation_report() -> list[dict]:
    resp = request("GET", "/reconciliation")
    if resp.status_code != 200:
        raise ProviderUnavailable(f"the reconciliation report answered {resp.status_code}")
    return resp.json()["payments"]
