"""Idempotency-Key replays and per-key rate limits, through HTTP as a script would send them."""

from __future__ import annotations

import json
import os
from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from assay.assessments.models import Assessment
from assay.challenges.models import Challenge
from assay.integrations.models import IdempotencyRecord
from tests.assessments.conftest import challenge  # noqa: F401
from tests.conftest import Team

PROBLEM = "application/problem+json"


def create(client: Client, body: dict[str, Any], key: str | None = None) -> Any:
    headers = {"Idempotency-Key": key} if key else {}
    return client.post("/api/v1/assessments", json.dumps(body), content_type="application/json", headers=headers)


def new_assessment(slug: str, title: str = "Backend engineer") -> dict[str, Any]:
    return {"title": title, "challenge": slug, "stacks": ["python"]}


def test_a_retry_with_the_same_key_answers_the_first_response(team: Team, challenge: Challenge) -> None:  # noqa: F811
    client = team.api("owner")

    first = create(client, new_assessment(challenge.slug), key="create-backend-1")
    retry = create(client, new_assessment(challenge.slug), key="create-backend-1")

    assert first.status_code == retry.status_code == 201
    assert retry.json() == first.json()
    assert retry["Idempotent-Replayed"] == "true"
    assert Assessment.objects.filter(organization=team.organization).count() == 1
    # Without a key, or with a new one, the same body creates another assessment.
    assert create(client, new_assessment(challenge.slug), key="create-backend-2").json()["id"] != first.json()["id"]
    assert Assessment.objects.filter(organization=team.organization).count() == 2


def test_the_same_key_with_another_body_is_refused(team: Team, challenge: Challenge) -> None:  # noqa: F811
    client = team.api("owner")
    create(client, new_assessment(challenge.slug), key="k-1")

    other = create(client, new_assessment(challenge.slug, title="Staff engineer"), key="k-1")

    assert other.status_code == 422
    assert other["Content-Type"] == PROBLEM
    assert "Idempotency-Key was already used with another request" in other.json()["detail"]
    assert not Assessment.objects.filter(title="Staff engineer").exists()


def test_keys_belong_to_the_caller_that_sent_them(team: Team, challenge: Challenge) -> None:  # noqa: F811
    create(team.api("owner"), new_assessment(challenge.slug), key="shared-name")

    theirs = create(team.api("outsider"), new_assessment(challenge.slug), key="shared-name")

    assert theirs.status_code == 201 and "Idempotent-Replayed" not in theirs
    assert Assessment.objects.filter(organization=team.other_organization).count() == 1


def test_a_new_api_key_is_not_stored_for_replays(team: Team) -> None:
    client = team.api("owner")
    body = json.dumps({"name": "CI", "role": "viewer"})
    first = client.post("/api/v1/api-keys", body, content_type="application/json", headers={"Idempotency-Key": "ci"})
    retry = client.post("/api/v1/api-keys", body, content_type="application/json", headers={"Idempotency-Key": "ci"})

    assert first.json()["key"].startswith("assay_")
    assert retry.json()["id"] == first.json()["id"]
    assert first.json()["key"] not in retry.content.decode()


@pytest.fixture(params=["database", "redis"])
def rate_store(request: Any, settings: Any) -> str:
    settings.ASSAY_API_RATE_LIMIT = 3
    settings.ASSAY_API_RATE_WINDOW_SECONDS = 3600  # one window for the whole test, whatever the clock says
    settings.REDIS_URL = ""
    if request.param == "redis":
        url = os.environ.get("ASSAY_TEST_REDIS_URL", "")
        if not url:
            pytest.skip('ASSAY_TEST_REDIS_URL is not set (eval "$(scripts/test-services.sh)" starts a Redis)')
        settings.REDIS_URL = url
    return str(request.param)


def test_a_key_over_its_rate_limit_is_answered_429_with_retry_after(team: Team, rate_store: str) -> None:
    client, other = team.api("admin"), team.api("viewer")

    answers = [client.get("/api/v1/organization") for _ in range(4)]

    assert [a.status_code for a in answers] == [200, 200, 200, 429]
    assert [a["RateLimit-Remaining"] for a in answers[:3]] == ["2", "1", "0"]
    too_many = answers[-1]
    assert too_many["Content-Type"] == PROBLEM
    assert 1 <= int(too_many["Retry-After"]) <= 3600
    assert "too many requests" in too_many.json()["detail"]
    assert other.get("/api/v1/organization").status_code == 200  # another key counts on its own
    if rate_store == "redis":  # the count lives in Redis, where every process reads it
        import redis
        from django.conf import settings

        assert redis.Redis.from_url(settings.REDIS_URL).keys("assay:rate:*")


def test_a_key_older_than_a_day_is_forgotten(team: Team, challenge: Challenge) -> None:  # noqa: F811
    client = team.api("owner")
    first = create(client, new_assessment(challenge.slug), key="yesterday")
    IdempotencyRecord.objects.update(created_at=timezone.now() - timedelta(days=2))

    later = create(client, new_assessment(challenge.slug), key="yesterday")

    assert later.status_code == 201 and later.json()["id"] != first.json()["id"]
    assert IdempotencyRecord.objects.count() == 1
