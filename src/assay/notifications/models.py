"""The outbox: every email the embedded default 'sends', kept so the team can read it."""

from __future__ import annotations

from django.db import models
from django.utils import timezone


class OutboxMessage(models.Model):
    # Null for mail that belongs to no team (a password reset); such mail is only in the log.
    organization = models.ForeignKey("accounts.Organization", null=True, on_delete=models.CASCADE, related_name="+")
    to = models.CharField(max_length=500)
    subject = models.CharField(max_length=300)
    body = models.TextField()
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.subject} → {self.to}"
