"""What operators watch: which task workers are alive."""

from __future__ import annotations

from django.db import models
from django.utils import timezone


class WorkerHeartbeat(models.Model):
    worker_id = models.CharField(max_length=100, unique=True)
    hostname = models.CharField(max_length=255)
    started_at = models.DateTimeField(default=timezone.now)
    last_seen_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"{self.worker_id}@{self.hostname}"


class Lease(models.Model):
    """Who holds a job only one process may do at a time (housekeeping), until when. A holder renews it each
    round; when it stops (killed, machine gone), the lease runs out and another process takes it."""

    name = models.CharField(max_length=60, unique=True)
    holder = models.CharField(max_length=120)
    expires_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"{self.name} held by {self.holder}"
