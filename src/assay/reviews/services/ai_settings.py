"""An organization's AI reviewer settings: which endpoint writes narratives, with what key and budgets.

Only an owner changes them, because turning the reviewer on sends candidates' code to that endpoint. The key
is stored encrypted (Fernet) and never returned: a form shows only whether one is set, and a blank key field
keeps the stored one.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlparse

from django.conf import settings
from django.utils import timezone

from assay import crypto
from assay.accounts.access import Actor, require_role
from assay.accounts.models import Organization
from assay.accounts.roles import Role
from assay.audit import events as audit_events
from assay.audit.services import record as audit
from assay.errors import InvalidInput
from assay.reviews.models import AIReviewer

MIN_SUBMISSION_BUDGET = 2_000  # below this, the report alone does not fit in a prompt


@dataclass(frozen=True)
class Change:
    """What an owner submitted; ``api_key`` empty keeps the stored key, ``clear_key`` removes it."""

    enabled: bool
    base_url: str
    model: str
    api_key: str
    clear_key: bool
    submission_token_budget: int
    monthly_token_budget: int


def encrypt(secret: str) -> str:
    return crypto.encrypt("ai-reviewer", secret, settings.ASSAY_AI_REVIEWER_KEY)


def decrypt(token: str) -> str:
    """The stored key; empty when none is stored or it was encrypted under another secret (set it again)."""
    return crypto.decrypt("ai-reviewer", token, settings.ASSAY_AI_REVIEWER_KEY)


def of(organization: Organization) -> AIReviewer:
    """The organization's settings (a fresh, switched-off row when none was saved)."""
    found = AIReviewer.objects.filter(organization=organization).first()
    return found or AIReviewer(organization=organization)


def active(organization_id: int) -> AIReviewer | None:
    """The settings when the reviewer is on and complete enough to call, else None."""
    found = AIReviewer.objects.filter(organization_id=organization_id, enabled=True).first()
    return found if found is not None and found.base_url and found.model else None


def update(actor: Actor, change: Change) -> AIReviewer:
    require_role(actor, Role.OWNER, "change the AI reviewer")
    _validate(change)
    reviewer = of(actor.organization)
    reviewer.enabled = change.enabled
    reviewer.base_url = change.base_url.strip()
    reviewer.model = change.model.strip()
    if change.clear_key:
        reviewer.api_key_encrypted = ""
    elif change.api_key.strip():
        reviewer.api_key_encrypted = encrypt(change.api_key.strip())
    reviewer.submission_token_budget = change.submission_token_budget
    reviewer.monthly_token_budget = change.monthly_token_budget
    reviewer.changed_by = actor.label
    reviewer.changed_at = timezone.now()
    reviewer.save()
    state = "on" if reviewer.enabled else "off"
    audit(actor, audit_events.SETTINGS, summary=f"AI reviewer {state}, model {reviewer.model or '-'}")
    return reviewer


def _validate(change: Change) -> None:
    fields: dict[str, list[str]] = {}
    url = urlparse(change.base_url.strip())
    if change.base_url.strip() and (url.scheme not in ("http", "https") or not url.netloc):
        fields["base_url"] = ["Give the endpoint's base URL, e.g. https://models.example.com/v1."]
    if change.enabled and not change.base_url.strip():
        fields["base_url"] = ["The reviewer needs an endpoint to be turned on."]
    if change.enabled and not change.model.strip():
        fields["model"] = ["The reviewer needs a model name to be turned on."]
    if change.submission_token_budget < MIN_SUBMISSION_BUDGET:
        fields["submission_token_budget"] = [f"At least {MIN_SUBMISSION_BUDGET} tokens per submission."]
    if change.monthly_token_budget < change.submission_token_budget:
        fields["monthly_token_budget"] = ["At least the budget of one submission."]
    if fields:
        raise InvalidInput("The AI reviewer settings were not saved.", fields=fields)
