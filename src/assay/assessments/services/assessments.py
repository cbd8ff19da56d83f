"""Creating an assessment and its reusable invite link."""

from __future__ import annotations

import secrets
from collections.abc import Iterable
from typing import Any

from django.utils import timezone

from assay.accounts import access as accounts_access
from assay.accounts.access import Actor, require_role
from assay.accounts.roles import Role
from assay.assessments.models import Assessment
from assay.challenges.models import Challenge, ChallengeVersion
from assay.errors import Conflict, InvalidInput

MAX_TIME_LIMIT_MINUTES = 14 * 24 * 60
MAX_START_WINDOW_DAYS = 90


def create_assessment(
    actor: Actor,
    *,
    title: str,
    challenge: Challenge,
    stacks: Iterable[str],
    time_limit_minutes: int,
    start_window_days: int,
    instructions: str = "",
    reviewer_ids: Iterable[int] = (),
    show_breakdown: bool = False,
) -> Assessment:
    """An assessment on the challenge's current version, which it keeps whatever the library loads later."""
    require_role(actor, Role.ADMIN, "create assessments")
    version = challenge.current_version
    if version is None:
        raise InvalidInput(f"{challenge.slug} has no loaded version.", fields={"challenge": ["Not loaded."]})
    require_invitable(version)
    chosen = list(dict.fromkeys(stacks))
    offered = list(version.stacks)
    problems = _problems(title, time_limit_minutes, start_window_days)
    if not chosen or any(stack not in offered for stack in chosen):
        problems["stacks"] = [f"Choose one or more of {', '.join(offered)}."]
    reviewers = _reviewers(actor, reviewer_ids, problems)
    if problems:
        raise InvalidInput("Check the fields marked below.", fields=problems)
    assessment = Assessment.objects.create(
        organization=actor.organization,
        title=title.strip(),
        challenge_version=version,
        stacks=chosen,
        time_limit_minutes=time_limit_minutes,
        start_window_days=start_window_days,
        instructions=instructions,
        show_breakdown=show_breakdown,
        created_by=actor.user,
    )
    assessment.reviewers.set([m.user for m in reviewers])
    return assessment


def require_invitable(version: ChallengeVersion) -> None:
    """A hiring team's own version is used only once the real grader validated it."""
    if not version.invitable:
        state = version.get_validation_display().lower()
        why = f"{version.challenge.slug} is {state}: candidates can be invited to it only once it is validated."
        raise InvalidInput(why, fields={"challenge": [why]})


_REVIEWING_ROLES = [Role.REVIEWER, Role.ADMIN, Role.OWNER]
EDITABLE = ("title", "time_limit_minutes", "start_window_days", "instructions", "show_breakdown")


def _problems(title: str, time_limit_minutes: int, start_window_days: int) -> dict[str, list[str]]:
    problems: dict[str, list[str]] = {}
    if not title.strip():
        problems["title"] = ["Give the assessment a title."]
    if not 1 <= time_limit_minutes <= MAX_TIME_LIMIT_MINUTES:
        problems["time_limit_minutes"] = [f"Between 1 and {MAX_TIME_LIMIT_MINUTES} minutes."]
    if not 1 <= start_window_days <= MAX_START_WINDOW_DAYS:
        problems["start_window_days"] = [f"Between 1 and {MAX_START_WINDOW_DAYS} days."]
    return problems


def _reviewers(actor: Actor, reviewer_ids: Iterable[int], problems: dict[str, list[str]]) -> list[Any]:
    wanted = set(reviewer_ids)
    reviewers = accounts_access.members(actor).filter(user_id__in=list(wanted), role__in=_REVIEWING_ROLES)
    if len(wanted) != reviewers.count():
        problems["reviewers"] = ["Reviewers must be reviewers, admins or owners of this organization."]
    return list(reviewers)


def update_assessment(actor: Actor, assessment: Assessment, **changes: Any) -> Assessment:
    """Change what candidates not yet invited will get (title, limits, instructions, reviewers, breakdown).

    The challenge version and stacks stay: candidates may already work on them. ``None`` leaves a field as it is.
    """
    require_role(actor, Role.ADMIN, "change assessments")
    given = {name: changes[name] for name in EDITABLE if changes.get(name) is not None}
    merged = {name: given.get(name, getattr(assessment, name)) for name in EDITABLE}
    problems = _problems(merged["title"], merged["time_limit_minutes"], merged["start_window_days"])
    reviewer_ids = changes.get("reviewer_ids")
    reviewers = _reviewers(actor, reviewer_ids, problems) if reviewer_ids is not None else None
    if problems:
        raise InvalidInput("Check the fields marked below.", fields=problems)
    for name, value in given.items():
        setattr(assessment, name, value.strip() if name == "title" else value)
    assessment.save(update_fields=[*given] or None)
    if reviewers is not None:
        assessment.reviewers.set([m.user for m in reviewers])
    return assessment


def set_archived(actor: Actor, assessment: Assessment, *, archived: bool) -> Assessment:
    """Archive (no new invitations, the open link closes) or restore an assessment; candidates keep going."""
    require_role(actor, Role.ADMIN, "archive assessments")
    assessment.archived_at = (assessment.archived_at or timezone.now()) if archived else None
    if archived:
        assessment.open_link_token = ""
    assessment.save(update_fields=["archived_at", "open_link_token"])
    return assessment


def require_open(assessment: Assessment) -> None:
    if assessment.archived_at is not None:
        raise Conflict(f"{assessment.title} is archived; restore it to invite candidates.")


def set_open_link(actor: Actor, assessment: Assessment, *, open: bool) -> Assessment:
    """Open a reusable invite link (a new one each time, so a closed link stays closed) or close it."""
    require_role(actor, Role.ADMIN, "manage invite links")
    assessment.open_link_token = secrets.token_urlsafe(24) if open else ""
    assessment.save(update_fields=["open_link_token"])
    return assessment
