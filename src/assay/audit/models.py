"""The audit log: who did what, when and from where, per organization.

Entries never carry a candidate's personal data (a candidate is named by its public id only), so erasing a
candidate leaves the record that they were erased and nothing of who they were.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone


class AuditEntry(models.Model):
    class ActorKind(models.TextChoices):
        USER = "user", "Team member"
        API_KEY = "api_key", "API key"
        SYSTEM = "system", "Assay"
        ANONYMOUS = "anonymous", "Not signed in"

    # Null for what belongs to no organization (a failed sign-in with an unknown email address).
    organization = models.ForeignKey("accounts.Organization", null=True, on_delete=models.CASCADE, related_name="+")
    at = models.DateTimeField(default=timezone.now, db_index=True)
    event = models.CharField(max_length=40, db_index=True)
    actor_kind = models.CharField(max_length=10, choices=ActorKind.choices)
    actor_user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    actor_api_key = models.ForeignKey("accounts.ApiKey", null=True, on_delete=models.SET_NULL, related_name="+")
    # Kept as text so the entry still says who it was after the user or key is gone.
    actor_label = models.CharField(max_length=200)
    target_type = models.CharField(max_length=40, blank=True)
    target_id = models.CharField(max_length=64, blank=True)
    summary = models.CharField(max_length=300, blank=True)
    ip = models.GenericIPAddressField(null=True, blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["organization", "-at"], name="audit_org_at")]
        verbose_name_plural = "audit entries"

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_label} {self.event}"
