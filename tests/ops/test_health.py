"""The probes load balancers and orchestrators poll: /healthz and /readyz."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from assay.ops.models import WorkerHeartbeat
from assay.ops.services import beat


@pytest.mark.django_db
def test_healthz_answers_without_sign_in() -> None:
    response = Client().get("/healthz")

    assert response.status_code == 200
    assert response.json()["status"] == "ok"
    assert "no-cache" in response["Cache-Control"]


@pytest.mark.django_db
def test_readyz_is_503_until_a_worker_beats_then_200() -> None:
    before = Client().get("/readyz")

    beat("worker-under-test")
    after = Client().get("/readyz")

    assert before.status_code == 503
    assert "worker" in before.json()["problems"]
    assert after.status_code == 200
    assert after.json()["problems"] == {}


@pytest.mark.django_db
def test_readyz_is_503_when_the_last_heartbeat_is_stale(settings: object) -> None:
    beat("worker-that-died")
    stale = timezone.now() - timedelta(seconds=settings.ASSAY_HEARTBEAT_MAX_AGE + 5)  # type: ignore[attr-defined]
    WorkerHeartbeat.objects.update(last_seen_at=stale)

    response = Client().get("/readyz")

    assert response.status_code == 503
    assert "worker" in response.json()["problems"]
