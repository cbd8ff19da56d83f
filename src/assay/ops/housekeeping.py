"""Housekeeping: re-queueing gradings whose worker died or whose queued job vanished, closing overdue
candidates, sending reminders. Every worker process (and `assay serve`'s embedded pool, and `assay scheduler`)
runs a Housekeeper; a lease in the database lets exactly one of them work at a time, in every mode.
"""

from __future__ import annotations

import logging
import os
import socket
import threading
from datetime import timedelta

from django.conf import settings
from django.db import IntegrityError, close_old_connections, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.module_loading import import_string

from assay.ops.models import Lease

logger = logging.getLogger("assay.housekeeping")
LEASE_NAME = "housekeeping"
# Each a dotted path to a function of no arguments, run in its own transaction.
JOBS = [
    "assay.grading.services.requeue_stale",
    "assay.grading.services.requeue_lost",
    "assay.assessments.services.close_overdue",
    "assay.assessments.services.send_reminders",
    "assay.assessments.services.erase_expired",
    "assay.live.services.close_idle",
]


def holder_name() -> str:
    return f"{socket.gethostname()}-{os.getpid()}-{threading.get_native_id()}"


def take_lease(holder: str, seconds: float) -> bool:
    """Take or renew the housekeeping lease for ``seconds``; False when another live holder has it."""
    now = timezone.now()
    until = now + timedelta(seconds=seconds)
    mine_or_lapsed = Q(holder=holder) | Q(expires_at__lt=now)
    if Lease.objects.filter(mine_or_lapsed, name=LEASE_NAME).update(holder=holder, expires_at=until):
        return True
    try:
        with transaction.atomic():
            Lease.objects.create(name=LEASE_NAME, holder=holder, expires_at=until)
    except IntegrityError:  # someone holds it (or took it first just now)
        return False
    return True


def release_lease(holder: str) -> None:
    Lease.objects.filter(name=LEASE_NAME, holder=holder).delete()


def run_jobs(paths: list[str] | None = None) -> None:
    for path in paths or JOBS:
        job = import_string(path)
        try:
            with transaction.atomic():
                job()
        except Exception:  # housekeeping must never stop; the next round tries again
            logger.exception("Housekeeping job %s failed", path)


class Housekeeper:
    """Every ``interval`` seconds: if this process holds the lease (taking it when free), run the jobs."""

    def __init__(self, interval: float | None = None, jobs: list[str] | None = None) -> None:
        self.interval = interval if interval is not None else settings.ASSAY_HOUSEKEEPING_SECONDS
        self.jobs = jobs
        self.holder = holder_name()
        self.rounds_run = 0

    def round(self) -> bool:
        """One round; True when this process held the lease and ran the jobs."""
        try:
            if not take_lease(self.holder, seconds=self.interval * 3):
                return False
            run_jobs(self.jobs)
            self.rounds_run += 1
            return True
        except Exception:  # a database that is briefly away must not end housekeeping
            logger.exception("Housekeeping round failed")
            return False

    def run(self, stop: threading.Event) -> None:
        while not stop.wait(self.interval):
            self.round()
            close_old_connections()  # this thread's connection: a broken or stale one is reopened next round
        try:
            release_lease(self.holder)  # a clean stop hands over at once instead of after the lease runs out
        finally:
            close_old_connections()

    def start(self, stop: threading.Event) -> threading.Thread:
        thread = threading.Thread(target=self.run, args=(stop,), name="housekeeping", daemon=True)
        thread.start()
        return thread
