"""Asking an OpenAI-compatible chat-completions endpoint for one answer, within bounds.

Each try has a timeout; a 429, a 5xx or a lost connection is tried again after a wait that doubles each time
(or the endpoint's Retry-After, when it sends one), up to a set number of tries. A timeout is not tried again:
a server too slow once is slow the next time too, and the narrative is not worth holding a worker for.
The key goes only into the Authorization header and never into an error message or the log.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from email.utils import parsedate_to_datetime
from typing import Any

import httpx
from django.conf import settings
from django.utils import timezone


class ReviewerUnavailable(Exception):
    """The endpoint gave no usable answer; the message says why, in words for the hiring team."""


@dataclass(frozen=True)
class Endpoint:
    base_url: str
    model: str
    api_key: str

    @property
    def url(self) -> str:
        return self.base_url.rstrip("/") + "/chat/completions"


@dataclass(frozen=True)
class Completion:
    text: str
    prompt_tokens: int
    completion_tokens: int


def complete(endpoint: Endpoint, messages: list[dict[str, str]], max_tokens: int) -> Completion:
    body = {
        "model": endpoint.model,
        "messages": messages,
        "max_tokens": max_tokens,
        "temperature": 0,
        "response_format": {"type": "json_object"},
    }
    headers = {"Authorization": f"Bearer {endpoint.api_key}"} if endpoint.api_key else {}
    attempts = max(1, settings.ASSAY_AI_REVIEWER_ATTEMPTS)
    with httpx.Client(timeout=settings.ASSAY_AI_REVIEWER_TIMEOUT_SECONDS, follow_redirects=False) as client:
        for attempt in range(1, attempts + 1):
            wait, why = _try(client, endpoint, body, headers)
            if isinstance(wait, Completion):
                return wait
            if wait is None or attempt == attempts:
                raise ReviewerUnavailable(why if wait is None else f"{why} ({attempts} tries)")
            time.sleep(wait if wait > 0 else _backoff(attempt))
    raise ReviewerUnavailable("the endpoint was not asked")  # unreachable: attempts >= 1


def _try(
    client: httpx.Client, endpoint: Endpoint, body: dict[str, Any], headers: dict[str, str]
) -> tuple[Completion | float | None, str]:
    """(a completion, ""), (seconds to wait before trying again (0: back off), why) or (None, why: give up)."""
    try:
        response = client.post(endpoint.url, json=body, headers=headers)
    except httpx.TimeoutException:
        return None, f"the endpoint did not answer within {settings.ASSAY_AI_REVIEWER_TIMEOUT_SECONDS:g} seconds"
    except httpx.HTTPError as error:
        return 0.0, f"could not reach the endpoint ({type(error).__name__})"
    if response.status_code == 429 or response.status_code >= 500:
        return _retry_after(response), f"the endpoint answered {response.status_code}"
    if response.status_code != 200:
        return None, f"the endpoint answered {response.status_code}"
    return _completion(response)


def _completion(response: httpx.Response) -> tuple[Completion | None, str]:
    try:
        data = response.json()
        text = data["choices"][0]["message"]["content"]
        usage = data.get("usage") or {}
    except (ValueError, KeyError, IndexError, TypeError, AttributeError):
        return None, "the endpoint's answer was not a chat completion"
    if not isinstance(text, str):
        return None, "the endpoint's answer had no text"
    prompt = _int(usage.get("prompt_tokens"))
    answer = _int(usage.get("completion_tokens"))
    return Completion(text, prompt, answer), ""


def _int(value: object) -> int:
    return value if isinstance(value, int) and value >= 0 else 0


def _backoff(attempt: int) -> float:
    return float(settings.ASSAY_AI_REVIEWER_BACKOFF_SECONDS * 2 ** (attempt - 1))


def _retry_after(response: httpx.Response) -> float:
    """The wait the endpoint asked for (seconds or an HTTP date), capped; 0.0 when it asked for none."""
    raw = response.headers.get("retry-after", "").strip()
    if not raw:
        return 0.0
    try:
        seconds = float(raw)
    except ValueError:
        try:
            seconds = (parsedate_to_datetime(raw) - timezone.now()).total_seconds()
        except (TypeError, ValueError):
            return 0.0
    # A wait of "0" still backs off a little rather than hammering the endpoint.
    return min(max(seconds, 0.001), float(settings.ASSAY_AI_REVIEWER_MAX_WAIT_SECONDS))
