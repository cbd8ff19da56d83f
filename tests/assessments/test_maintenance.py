"""The worker pool's housekeeping loop, running by itself: it expires, reminds, and comes round again."""

from __future__ import annotations

import threading
import time
import uuid
from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from django.db import OperationalError
from django.utils import timezone

from assay.assessments.models import Candidate
from assay.ops.workers import WorkerPool

# The pool's threads use their own database connections: they must see committed rows.
pytestmark = pytest.mark.django_db(transaction=True)


def _wait_for_mail_to(outbox: list[Any], email: str, timeout: float = 60) -> None:
    # Poll the outbox in memory, not the database: on the SQLite test database a reader in this thread would
    # lock out the pool's writes.
    deadline = time.monotonic() + timeout
    while not any(email in m.to for m in outbox):
        assert time.monotonic() < deadline, f"no mail to {email}; sent: {[m.to for m in outbox]}"
        time.sleep(0.05)


def _write_while_the_pool_runs(write: Callable[[], object]) -> None:
    # The SQLite test database refuses a write at once while another thread holds its table; try again.
    for _ in range(100):
        try:
            write()
            return
        except OperationalError:
            time.sleep(0.05)
    write()


def test_the_worker_pool_expires_and_reminds_on_its_own_round_after_round(
    candidate: Candidate,
    make_candidate: Callable[..., Candidate],
    mailoutbox: list[Any],
    settings: Any,
) -> None:
    now = timezone.now()
    gone = make_candidate("gone@example.test")
    later = make_candidate("later@example.test")
    Candidate.objects.filter(pk=candidate.pk).update(start_by=now + timedelta(hours=20))  # due a reminder
    Candidate.objects.filter(pk=gone.pk).update(start_by=now - timedelta(minutes=1))  # start window closed
    Candidate.objects.filter(pk=later.pk).update(start_by=now + timedelta(days=5))  # nothing due yet
    mailoutbox.clear()
    settings.ASSAY_HOUSEKEEPING_SECONDS = 0.2
    pool = WorkerPool(size=0, name=f"test-{uuid.uuid4().hex[:8]}")
    before = set(threading.enumerate())
    pool.start()
    try:
        _wait_for_mail_to(mailoutbox, "cara@example.test")
        # Due only now: only a later round of the same loop can send this one.
        _write_while_the_pool_runs(
            lambda: Candidate.objects.filter(pk=later.pk).update(start_by=timezone.now() + timedelta(hours=20))
        )
        _wait_for_mail_to(mailoutbox, "later@example.test")
    finally:
        pool.stop(timeout=10)
        for thread in set(threading.enumerate()) - before:
            thread.join(timeout=30)

    assert sorted(m.to[0] for m in mailoutbox) == ["cara@example.test", "later@example.test"]  # once each
    states = dict(Candidate.objects.values_list("email", "state"))
    assert states == {"cara@example.test": "invited", "gone@example.test": "expired", "later@example.test": "invited"}
