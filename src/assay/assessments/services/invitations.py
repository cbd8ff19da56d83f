"""Inviting candidates (one, many from CSV, or through the reusable link) and the team's decisions."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import timedelta

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils import timezone

from assay.accounts.access import Actor, require_role
from assay.accounts.roles import Role
from assay.assessments import links
from assay.assessments.models import Assessment, Candidate
from assay.assessments.services.assessments import require_invitable, require_open
from assay.assessments.services.events import CANDIDATE, move, record
from assay.audit import events as audit_events
from assay.audit.services import record as audit
from assay.errors import Conflict, InvalidInput, NotFound
from assay.notifications.services import send_email
from assay.repos import services as repos

MAX_CSV_ROWS = 1000
MAX_EXTENSION_DAYS = 30
S = Candidate.State
CLOSED_LINK = "This invite link is closed or was never valid. Ask the hiring team for a new one."


def _clean(name: str, email: str) -> tuple[str, str, dict[str, list[str]]]:
    name, email = name.strip(), email.strip().lower()
    problems: dict[str, list[str]] = {}
    if not name or len(name) > 150:
        problems["name"] = ["Give the candidate's name (up to 150 characters)."]
    try:
        validate_email(email)
    except ValidationError:
        problems["email"] = [f"{email!r} is not an email address." if email else "Give an email address."]
    return name, email, problems


def _send_invitation(candidate: Candidate, template: str = "invitation") -> None:
    assessment = candidate.assessment
    send_email(
        to=candidate.email,
        template=f"assessments/email/{template}",
        context={
            "candidate": candidate,
            "assessment": assessment,
            "organization": assessment.organization,
            "url": links.url_for(candidate),
        },
        organization_id=assessment.organization_id,
    )


def _create(assessment: Assessment, name: str, email: str, by: str) -> Candidate:
    candidate = Candidate.objects.create(
        organization=assessment.organization,
        assessment=assessment,
        name=name,
        email=email,
        start_by=timezone.now() + timedelta(days=assessment.start_window_days),
    )
    record(candidate, "invited", f"Invitation sent to {email}", by)
    _send_invitation(candidate)
    return candidate


def _audited(actor: Actor, candidate: Candidate) -> Candidate:
    audit(actor, audit_events.CANDIDATE_INVITATION, target=candidate, summary=f"To {candidate.assessment.title}")
    return candidate


def invite(actor: Actor, assessment: Assessment, name: str, email: str) -> tuple[Candidate, bool]:
    """Invite one person. The same email again is the same candidate: returns it with False (and resends
    the invitation if they have not started yet)."""
    require_role(actor, Role.ADMIN, "invite candidates")
    require_open(assessment)
    require_invitable(assessment.challenge_version)
    name, email, problems = _clean(name, email)
    if problems:
        raise InvalidInput("Check the name and email.", fields=problems)
    existing = assessment.candidates.filter(email__iexact=email).first()
    if existing is not None:
        if existing.state in Candidate.NOT_STARTED:
            resend(actor, existing)
        return existing, False
    return _audited(actor, _create(assessment, name, email, actor.label)), True


@dataclass
class CsvRow:
    line: int
    name: str
    email: str
    error: str = ""


def check_csv(assessment: Assessment, text: str) -> list[CsvRow]:
    """Every row of a pasted or uploaded ``name,email`` CSV, each with its error (empty when it is fine).

    A header row (``name,email``) and blank lines are skipped. Nothing is sent or stored here.
    """
    rows: list[CsvRow] = []
    seen: dict[str, int] = {}
    invited = {e.lower() for e in assessment.candidates.values_list("email", flat=True)}
    for number, fields in enumerate(csv.reader(io.StringIO(text)), start=1):
        if not any(f.strip() for f in fields):
            continue
        if number == 1 and [f.strip().lower() for f in fields[:2]] == ["name", "email"]:
            continue
        row = CsvRow(number, fields[0].strip() if fields else "", fields[1].strip() if len(fields) > 1 else "")
        _, email, problems = _clean(row.name, row.email)
        if len(fields) != 2:
            row.error = f"Expected 2 columns (name,email), found {len(fields)}."
        elif problems:
            row.error = " ".join(p for ps in problems.values() for p in ps)
        elif email in seen:
            row.error = f"Duplicate of line {seen[email]} in this file."
        elif email in invited:
            row.error = "Already invited to this assessment."
        seen.setdefault(email, number)
        rows.append(row)
    return rows


def invite_many(actor: Actor, assessment: Assessment, text: str) -> list[Candidate]:
    """Invite everyone in the CSV, or no one: any row with an error refuses the whole file."""
    require_role(actor, Role.ADMIN, "invite candidates")
    require_open(assessment)
    require_invitable(assessment.challenge_version)
    rows = check_csv(assessment, text)
    if not rows:
        raise InvalidInput("The file has no rows of name,email.", fields={"csv": ["No rows found."]})
    if len(rows) > MAX_CSV_ROWS:
        raise InvalidInput(f"At most {MAX_CSV_ROWS} rows at once.", fields={"csv": ["Too many rows."]})
    bad = [row for row in rows if row.error]
    if bad:
        raise InvalidInput(
            f"{len(bad)} of {len(rows)} rows need fixing; nobody was invited.",
            fields={f"line {row.line}": [row.error] for row in bad},
        )
    return [_audited(actor, _create(assessment, row.name, row.email.lower(), actor.label)) for row in rows]


def join_by_open_link(token: str, name: str, email: str) -> tuple[Candidate, bool]:
    """A candidate invites themself through the assessment's reusable link.

    A new email gets its own candidate (True). An email already invited gets its link by email only (False),
    so knowing someone's address never opens their assessment.
    """
    assessment = Assessment.objects.select_related("organization").filter(open_link_token=token).first()
    if not token or assessment is None:
        raise NotFound(CLOSED_LINK)
    name, email, problems = _clean(name, email)
    if problems:
        raise InvalidInput("Check your name and email.", fields=problems)
    existing = assessment.candidates.filter(email__iexact=email).first()
    if existing is not None:
        if existing.state not in (S.WITHDRAWN, S.EXPIRED):
            record(existing, "resent", "Link sent again from the open invite link", CANDIDATE)
            _send_invitation(existing)
        return existing, False
    return _create(assessment, name, email, "open invite link"), True


def resend(actor: Actor, candidate: Candidate) -> Candidate:
    require_role(actor, Role.ADMIN, "resend invitations")
    if candidate.state not in (*Candidate.NOT_STARTED, S.STARTED):
        raise Conflict(f"{candidate.name} is {candidate.get_state_display().lower()}; there is nothing to resend.")
    record(candidate, "resent", f"Invitation sent again to {candidate.email}", actor.label)
    _send_invitation(candidate)
    return candidate


def withdraw(actor: Actor, candidate: Candidate, reason: str = "") -> Candidate:
    """Revoke the invitation (or stop an assessment under way): the link stops working, pushes close."""
    require_role(actor, Role.ADMIN, "withdraw candidates")
    if not move(candidate, (*Candidate.NOT_STARTED, S.STARTED, S.EXPIRED), S.WITHDRAWN):
        raise Conflict(f"{candidate.name} already submitted; advance or reject instead.")
    record(candidate, "withdrawn", reason or "Invitation withdrawn", actor.label)
    if candidate.repository is not None:
        repos.set_write_policy(
            candidate.repository, open=False, message="This assessment was withdrawn; pushes are closed."
        )
    return candidate


def extend(actor: Actor, candidate: Candidate, *, days: int = 0, minutes: int = 0) -> Candidate:
    """More time: to start (not started, or expired), or to work (started)."""
    require_role(actor, Role.ADMIN, "extend deadlines")
    if not (0 <= days <= MAX_EXTENSION_DAYS and 0 <= minutes <= MAX_EXTENSION_DAYS * 24 * 60) or not (days or minutes):
        raise InvalidInput("Extend by a positive amount of time.", fields={"days": ["Up to 30 days."]})
    more = timedelta(days=days, minutes=minutes)
    now = timezone.now()
    if candidate.state == S.STARTED and candidate.deadline:
        candidate.deadline = max(candidate.deadline, now) + more
        candidate.deadline_reminder_sent_at = None
        candidate.save(update_fields=["deadline", "deadline_reminder_sent_at"])
        what = f"Working time extended to {candidate.deadline:%Y-%m-%d %H:%M} UTC"
    elif candidate.state in (*Candidate.NOT_STARTED, S.EXPIRED):
        start_by = max(candidate.start_by, now) + more
        move(candidate, (S.EXPIRED,), S.INVITED)
        Candidate.objects.filter(pk=candidate.pk).update(start_by=start_by, start_reminder_sent_at=None)
        candidate.refresh_from_db()
        what = f"Start window extended to {candidate.start_by:%Y-%m-%d %H:%M} UTC"
    else:
        raise Conflict(f"{candidate.name} is {candidate.get_state_display().lower()}; there is no deadline to extend.")
    record(candidate, "extended", what, actor.label)
    return candidate
