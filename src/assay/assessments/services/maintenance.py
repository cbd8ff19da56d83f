"""Periodic jobs (ops.housekeeping.JOBS): expire, auto-submit, remind. Each runs in its own transaction,
claims every row with a conditional UPDATE and so is safe to run twice or on two workers at once."""

from __future__ import annotations

import logging
from datetime import timedelta

from django.utils import timezone

from assay.assessments import links
from assay.assessments.models import Candidate
from assay.assessments.services.events import ASSAY, move, record
from assay.assessments.services.workflow import submit
from assay.errors import AssayError
from assay.notifications.services import send_email

logger = logging.getLogger("assay.assessments")
S = Candidate.State
START_REMINDER_BEFORE = timedelta(hours=24)
DEADLINE_REMINDER_BEFORE = timedelta(minutes=30)


def close_overdue() -> int:
    """Expire invitations whose start window closed; submit the last pushed commit of everyone whose
    working time ran out. Returns how many candidates changed."""
    now = timezone.now()
    changed = 0
    for candidate in Candidate.objects.filter(state__in=Candidate.NOT_STARTED, start_by__lt=now):
        if move(candidate, Candidate.NOT_STARTED, S.EXPIRED):
            record(candidate, "expired", "Not started within the start window", ASSAY)
            changed += 1
    overdue = Candidate.objects.filter(state=S.STARTED, deadline__lt=now).select_related("assessment__organization")
    for candidate in overdue:
        try:
            submit(candidate, automatic=True)
            changed += 1
        except AssayError as error:  # another worker got there first, or the repository is gone
            logger.warning("Could not auto-submit candidate %s: %s", candidate.pk, error.detail)
    return changed


def _remind(candidate: Candidate, field: str, template: str) -> bool:
    if not Candidate.objects.filter(pk=candidate.pk, **{f"{field}__isnull": True}).update(**{field: timezone.now()}):
        return False
    assessment = candidate.assessment
    send_email(
        to=candidate.email,
        template=f"assessments/email/{template}",
        context={"candidate": candidate, "assessment": assessment, "url": links.url_for(candidate)},
        organization_id=assessment.organization_id,
    )
    record(candidate, "reminded", template.replace("_", " ").capitalize(), ASSAY)
    return True


def send_reminders() -> int:
    """Once each: 24 h before the start window closes (not started), 30 min before the working time ends."""
    now = timezone.now()
    sent = 0
    not_started = Candidate.objects.filter(
        state__in=Candidate.NOT_STARTED,
        start_reminder_sent_at__isnull=True,
        start_by__gt=now,
        start_by__lte=now + START_REMINDER_BEFORE,
    ).select_related("assessment")
    for candidate in not_started:
        sent += _remind(candidate, "start_reminder_sent_at", "start_reminder")
    ending = Candidate.objects.filter(
        state=S.STARTED,
        deadline_reminder_sent_at__isnull=True,
        deadline__gt=now,
        deadline__lte=now + DEADLINE_REMINDER_BEFORE,
    ).select_related("assessment")
    for candidate in ending:
        sent += _remind(candidate, "deadline_reminder_sent_at", "deadline_reminder")
    return sent
