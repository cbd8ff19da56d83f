"""Recording and reading the audit log. Other apps call ``record``; the owners' page and API read ``search``.

This app sits below accounts (accounts records sign-ins and API keys), so it takes the actor by its shape
(an organization, a user or an API key, a label) rather than importing accounts' ``Actor``.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any, Protocol

from django.db.models import Model, QuerySet
from django.utils import timezone

from assay.audit import events
from assay.audit.context import current_ip
from assay.audit.events import LABELS
from assay.audit.models import AuditEntry


class ActorLike(Protocol):
    @property
    def organization(self) -> Any: ...
    @property
    def user(self) -> Any: ...
    @property
    def api_key(self) -> Any: ...
    @property
    def label(self) -> str: ...


def record(
    actor: ActorLike | None,
    event: str,
    *,
    target: Model | None = None,
    target_id: str = "",
    summary: str = "",
    organization_id: int | None = None,
) -> AuditEntry:
    """Add an entry for ``actor`` (None: Assay itself, e.g. a scheduled task) in its organization.

    ``target`` is named by its ``public_id`` when it has one, else its primary key; never by a name or an
    email, so an entry about a candidate holds nothing personal.
    """
    kind = AuditEntry.ActorKind.SYSTEM
    if actor is not None:
        kind = AuditEntry.ActorKind.API_KEY if actor.api_key is not None else AuditEntry.ActorKind.USER
    if target is not None and not target_id:
        target_id = str(getattr(target, "public_id", None) or target.pk)
    return AuditEntry.objects.create(
        organization_id=organization_id if organization_id is not None else actor.organization.pk if actor else None,
        event=event,
        actor_kind=kind,
        actor_user=actor.user if actor is not None else None,
        actor_api_key=actor.api_key if actor is not None else None,
        actor_label=actor.label if actor is not None else "Assay",
        target_type=target._meta.model_name or "" if target is not None else "",
        target_id=target_id,
        summary=summary[:300],
        ip=current_ip(),
    )


def record_sign_in(email: str, user: Any, organization_ids: Iterable[int], *, succeeded: bool) -> None:
    """A sign-in or a failed one, in every organization of the account (none when the email is unknown)."""
    event = events.SIGN_IN if succeeded else events.SIGN_IN_FAILED
    kind = AuditEntry.ActorKind.USER if succeeded else AuditEntry.ActorKind.ANONYMOUS
    ids: list[int | None] = [*organization_ids] or [None]
    AuditEntry.objects.bulk_create(
        AuditEntry(
            organization_id=org_id,
            event=event,
            actor_kind=kind,
            actor_user=user if succeeded else None,
            actor_label=email[:200],
            target_type="user" if user is not None else "",
            target_id=str(user.pk) if user is not None else "",
            ip=current_ip(),
        )
        for org_id in ids
    )


@dataclass(frozen=True)
class AuditFilter:
    event: str = ""
    actor: str = ""  # part of the actor's label (an email address, a key's name)
    since: date | None = None
    until: date | None = None  # inclusive: the whole day


def search(organization_id: int, wanted: AuditFilter) -> QuerySet[AuditEntry]:
    """The organization's entries matching ``wanted``, newest first."""
    entries = AuditEntry.objects.filter(organization_id=organization_id)
    if wanted.event:
        entries = entries.filter(event=wanted.event)
    if wanted.actor:
        entries = entries.filter(actor_label__icontains=wanted.actor)
    if wanted.since:
        entries = entries.filter(at__gte=_start_of(wanted.since))
    if wanted.until:
        entries = entries.filter(at__lt=_start_of(wanted.until + timedelta(days=1)))
    return entries


def _start_of(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min), timezone.get_current_timezone())


CSV_COLUMNS = ("at", "event", "actor_kind", "actor", "target_type", "target_id", "summary", "ip")


def to_csv(entries: Iterable[AuditEntry]) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(CSV_COLUMNS)
    for entry in entries:
        row = [entry.at.isoformat(), entry.event, entry.actor_kind, entry.actor_label, entry.target_type]
        row += [entry.target_id, entry.summary, entry.ip or ""]
        # A cell starting with = + - @ is a formula to a spreadsheet; an actor label is someone's input.
        writer.writerow(["'" + cell if cell and cell[0] in "=+-@" else cell for cell in row])
    return out.getvalue()


def event_choices() -> list[tuple[str, str]]:
    return sorted(LABELS.items(), key=lambda item: item[1])
