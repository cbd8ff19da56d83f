"""Webhook endpoints and their delivery log; the API's idempotency records and rate-limit counters; the
Greenhouse assessment-partner keys and the tests Greenhouse sent."""

from __future__ import annotations

import uuid

from django.db import models
from django.utils import timezone

from assay.accounts.models import Organization, User
from assay.assessments.models import Candidate

EVENT_TYPES = (
    "candidate.invited",
    "candidate.started",
    "submission.received",
    "submission.graded",
    "review.decided",
)


class WebhookEndpoint(models.Model):
    """A URL of the organization's that receives signed events. ``previous_secret`` still signs until
    ``previous_secret_expires_at``, so a receiver can switch to the new secret without losing an event."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    url = models.URLField(max_length=500)
    description = models.CharField(max_length=200, blank=True)
    events = models.JSONField(default=list, help_text="Event types sent here; empty means every type.")
    secret = models.CharField(max_length=100)
    previous_secret = models.CharField(max_length=100, blank=True)
    previous_secret_expires_at = models.DateTimeField(null=True, blank=True)
    active = models.BooleanField(default=True)
    disabled_reason = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return self.url

    def wants(self, event_type: str) -> bool:
        return self.active and (not self.events or event_type in self.events)


class WebhookDelivery(models.Model):
    """One event sent (or being sent) to one endpoint; its attempts are the delivery log."""

    class State(models.TextChoices):
        PENDING = "pending", "Pending"
        DELIVERED = "delivered", "Delivered"
        FAILED = "failed", "Failed"

    endpoint = models.ForeignKey(WebhookEndpoint, on_delete=models.CASCADE, related_name="deliveries")
    event_id = models.UUIDField(default=uuid.uuid4, db_index=True)
    event_type = models.CharField(max_length=40)
    body = models.TextField(help_text="The exact JSON sent, so a redelivery carries the same bytes.")
    state = models.CharField(max_length=10, choices=State.choices, default=State.PENDING)
    attempts = models.PositiveIntegerField(default=0)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.event_type} to {self.endpoint_id}"


class WebhookAttempt(models.Model):
    delivery = models.ForeignKey(WebhookDelivery, on_delete=models.CASCADE, related_name="attempt_log")
    number = models.PositiveIntegerField()
    at = models.DateTimeField(default=timezone.now)
    status_code = models.PositiveIntegerField(null=True, blank=True)
    error = models.CharField(max_length=300, blank=True)
    response_excerpt = models.TextField(blank=True, help_text="The receiver's text, shown escaped.")
    succeeded = models.BooleanField(default=False)

    class Meta:
        ordering = ["number", "id"]

    def __str__(self) -> str:
        return f"attempt {self.number}"


class IdempotencyRecord(models.Model):
    """The first answer to a creating request with an Idempotency-Key, replayed to a retry of it."""

    caller = models.CharField(max_length=64, help_text="A hash of the credentials that sent the request.")
    key = models.CharField(max_length=200)
    request_hash = models.CharField(max_length=64)
    status_code = models.PositiveIntegerField(null=True, blank=True, help_text="Empty while the first is running.")
    content_type = models.CharField(max_length=100, blank=True)
    body = models.BinaryField(default=b"")
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        constraints = [models.UniqueConstraint("caller", "key", name="idempotency_key_once_per_caller")]

    def __str__(self) -> str:
        return self.key


class RateCounter(models.Model):
    """Requests of one caller in one window, when no Redis is configured (shared by every process)."""

    bucket = models.CharField(max_length=100, unique=True)
    count = models.PositiveIntegerField(default=0)
    expires_at = models.DateTimeField(db_index=True)

    def __str__(self) -> str:
        return self.bucket


class GreenhouseKey(models.Model):
    """The key an organization gives its Greenhouse account; Greenhouse sends it as the HTTP Basic user name.

    Like an API key it is shown once and only its SHA-256 is kept; ``prefix`` finds the row. It opens the four
    assessment-partner endpoints of its organization and nothing else.
    """

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    name = models.CharField(max_length=80)
    prefix = models.CharField(max_length=16, unique=True)
    secret_hash = models.CharField(max_length=64)
    created_by = models.ForeignKey(User, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"


class GreenhouseOrder(models.Model):
    """A test Greenhouse sent to a candidate (its ``partner_interview_id`` is the candidate's public id), and
    where and what Assay last reported back."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    candidate = models.OneToOneField(Candidate, on_delete=models.CASCADE, related_name="greenhouse_order")
    key = models.ForeignKey(GreenhouseKey, null=True, on_delete=models.SET_NULL, related_name="+")
    application_id = models.BigIntegerField(null=True, blank=True)
    profile_url = models.URLField(max_length=500, blank=True, help_text="The candidate in Greenhouse.")
    callback_url = models.URLField(max_length=500, blank=True, help_text="Where results are sent with PATCH.")
    created_at = models.DateTimeField(default=timezone.now)
    reported_status = models.CharField(max_length=20, blank=True)
    reported_at = models.DateTimeField(null=True, blank=True)
    report_error = models.CharField(max_length=300, blank=True, help_text="Why the last report did not arrive.")
    greenhouse_error = models.TextField(blank=True, help_text="What Greenhouse last said was wrong (response_error).")

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"Greenhouse test of candidate {self.candidate_id}"
