"""Talking to the payments provider: 4 attempts at most, 2 s each, backoff 150 ms doubling, Retry-After honoured."""

import os
import time

import httpx

ATTEMPTS = 4
FIRST_PAUSE = 0.15


class GatewayDown(Exception):
    pass


def _pause(attempt: int, response: httpx.Response | None) -> float:
    pause = FIRST_PAUSE * 2**attempt
    if response is not None and response.status_code == 429:
        header = response.headers.get("Retry-After", "")
        pause = max(pause, float(header)) if header.replace(".", "", 1).isdigit() else pause
    return pause


def _send(method: str, path: str, **kwargs) -> httpx.Response:
    url = os.environ["ASSAY_SERVICE_PAYMENTS_URL"] + path
    response = None
    for attempt in range(ATTEMPTS):
        if attempt:
            time.sleep(_pause(attempt - 1, response))
        try:
            response = httpx.request(method, url, timeout=2.0, **kwargs)
        except httpx.HTTPError:
            response = None
            continue
        if response.status_code != 429 and response.status_code < 500:
            return response
    raise GatewayDown(f"{method} {path} failed {ATTEMPTS} times")


def charge(order_id: str, amount: int, currency: str) -> dict:
    response = _send(
        "POST",
        "/payments",
        json={"amount": amount, "currency": currency, "reference": order_id},
        headers={"Idempotency-Key": order_id},
    )
    if response.status_code >= 300:
        raise GatewayDown(f"payment refused with {response.status_code}")
    return response.json()


def payment(payment_id: str) -> dict:
    return _send("GET", f"/payments/{payment_id}").json()


def report() -> list[dict]:
    return _send("GET", "/reconciliation").json()["payments"]
