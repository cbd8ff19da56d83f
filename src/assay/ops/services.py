"""Health, worker heartbeats and the demo organization of the embedded default."""

from __future__ import annotations

import logging
import secrets
import socket
import threading
from datetime import timedelta

from django.conf import settings
from django.db import DatabaseError, close_old_connections, connection
from django.utils import timezone

from assay.accounts.models import Organization, User
from assay.accounts.services import create_organization
from assay.ops.models import WorkerHeartbeat

logger = logging.getLogger("assay.worker")
DEMO_EMAIL = "owner@demo.assay.test"
DEMO_ORGANIZATION = "Demo Hiring Team"
HEARTBEAT_SECONDS = 10


def beat(worker_id: str) -> None:
    WorkerHeartbeat.objects.update_or_create(
        worker_id=worker_id, defaults={"hostname": socket.gethostname(), "last_seen_at": timezone.now()}
    )


def start_heartbeat(worker_id: str, stop: threading.Event) -> threading.Thread:
    """Record that this worker is alive every few seconds until ``stop`` is set."""

    def loop() -> None:
        while not stop.wait(HEARTBEAT_SECONDS):
            close_old_connections()
            try:
                beat(worker_id)
            except DatabaseError as error:  # a busy or briefly unreachable database must not end the heartbeat
                logger.warning("Heartbeat of %s not recorded: %s", worker_id, error)
        close_old_connections()

    beat(worker_id)  # at once: a worker that has just started is a worker that is alive
    thread = threading.Thread(target=loop, name=f"heartbeat-{worker_id}", daemon=True)
    thread.start()
    return thread


def readiness() -> dict[str, str]:
    """Problems that make this deployment unable to do its work; empty when ready."""
    problems: dict[str, str] = {}
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except Exception as error:  # noqa: BLE001 - any database failure means not ready, and we say which
        return {"database": f"unreachable: {error.__class__.__name__}"}
    cutoff = timezone.now() - timedelta(seconds=settings.ASSAY_HEARTBEAT_MAX_AGE)
    if not WorkerHeartbeat.objects.filter(last_seen_at__gte=cutoff).exists():
        problems["worker"] = f"no task worker heartbeat in the last {settings.ASSAY_HEARTBEAT_MAX_AGE} s"
    return problems


def ensure_demo() -> str | None:
    """Create the demo organization and owner on first start; return the one-time password, else None."""
    if User.objects.filter(email=DEMO_EMAIL).exists():
        return None
    password = secrets.token_urlsafe(12)
    owner = User.objects.create_user(DEMO_EMAIL, password, name="Demo Owner")
    if not Organization.objects.filter(name=DEMO_ORGANIZATION).exists():
        create_organization(DEMO_ORGANIZATION, owner)
    return password
