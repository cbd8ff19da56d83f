"""The AI reviewer's token budgets: per submission (over all its runs) and per organization per calendar month.

Tokens count as used once an answer came back, and as reserved while an endpoint is asked; both count against
the budgets, and a reservation is taken under a lock on the organization's settings row, so two narratives
written at once cannot spend more than the budget between them.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from django.conf import settings
from django.db.models import F, QuerySet, Sum
from django.utils import timezone

from assay.reviews.models import AIReviewer, Narrative


def month_start(now: datetime | None = None) -> datetime:
    now = (now or timezone.now()).astimezone(UTC)
    return now.replace(day=1, hour=0, minute=0, second=0, microsecond=0)


def _spent(narratives: QuerySet[Narrative]) -> int:
    total = narratives.aggregate(total=Sum(F("tokens_used") + F("tokens_reserved")))["total"]
    return int(total or 0)


def tokens_this_month(organization_id: int) -> int:
    return _spent(Narrative.objects.filter(organization_id=organization_id, created_at__gte=month_start()))


def longest_writing() -> timedelta:
    """How long writing one narrative can take at most: every try timing out or waiting its longest."""
    attempts = max(1, settings.ASSAY_AI_REVIEWER_ATTEMPTS)
    per_try = settings.ASSAY_AI_REVIEWER_TIMEOUT_SECONDS + settings.ASSAY_AI_REVIEWER_MAX_WAIT_SECONDS
    return timedelta(seconds=attempts * per_try + 60)


def release_abandoned(organization_id: int) -> int:
    """Narratives whose worker stopped mid-way give their reservation back and say so (how many there were)."""
    return Narrative.objects.filter(
        organization_id=organization_id,
        state=Narrative.State.WRITING,
        started_at__lt=timezone.now() - longest_writing(),
    ).update(
        state=Narrative.State.NONE,
        reason="the worker writing it stopped before the endpoint answered",
        tokens_reserved=0,
        finished_at=timezone.now(),
    )


def reserve(narrative: Narrative) -> tuple[int, str]:
    """Reserve what this narrative may spend: (tokens, "") or (0, why nothing may be spent).

    Call inside a transaction: it locks the organization's settings row until the reservation is saved.
    """
    reviewer = AIReviewer.objects.select_for_update().get(organization_id=narrative.organization_id)
    release_abandoned(narrative.organization_id)
    others = Narrative.objects.exclude(pk=narrative.pk)
    month_left = reviewer.monthly_token_budget - _spent(
        others.filter(organization_id=narrative.organization_id, created_at__gte=month_start())
    )
    submission_left = reviewer.submission_token_budget - _spent(others.filter(submission_id=narrative.submission_id))
    if month_left <= 0:
        return 0, f"the organization's token budget for this month ({reviewer.monthly_token_budget}) is spent"
    if submission_left <= 0:
        return 0, f"this submission's token budget ({reviewer.submission_token_budget}) is spent"
    allowed = min(month_left, submission_left)
    narrative.tokens_reserved = allowed
    narrative.save(update_fields=["tokens_reserved"])
    return allowed, ""
