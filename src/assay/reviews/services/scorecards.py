"""Scorecards: each reviewer scores a submission on the challenge's rubric, on their own.

Independence: a reviewer sees the others' scorecards only after submitting theirs (a viewer or an API key,
who never fill one, see the submitted ones). Saves never overwrite each other silently: each reviewer has
their own row, locked while saved, and a form that carries an older ``version`` than the row is refused.
Amending a submitted scorecard keeps the earlier one as a revision.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from assay.accounts.access import Actor, require_role
from assay.accounts.models import User
from assay.accounts.roles import Role
from assay.assessments.models import Candidate
from assay.assessments.services import review
from assay.challenges.rubric import LEVELS, Rubric, load_rubric
from assay.errors import Conflict, InvalidInput, PermissionDenied
from assay.reviews.models import MAX_COMMENT_CHARS, Recommendation, Scorecard, ScorecardRevision
from assay.submissions.models import Submission


def rubric_of(submission: Submission) -> Rubric:
    version = submission.challenge_version
    return load_rubric(version.local_files_dir(), version.package().skills)


def mine(actor: Actor, submission: Submission) -> Scorecard | None:
    if actor.user is None:
        return None
    return Scorecard.objects.filter(submission=submission, reviewer=actor.user).first()


@dataclass
class Entry:
    """What a reviewer sends: scores per criterion id, notes, a recommendation; ``version`` as last read."""

    scores: dict[str, int] = field(default_factory=dict)
    notes: str = ""
    recommendation: str = ""
    version: int | None = None


def save(actor: Actor, submission: Submission, entry: Entry, *, submit: bool) -> Scorecard:
    """Save the actor's draft, or submit it (submitting again amends, keeping the previous one)."""
    require_role(actor, Role.REVIEWER, "fill scorecards")
    if actor.user is None:
        raise PermissionDenied("A scorecard belongs to a team member; an API key cannot fill one.")
    _check(rubric_of(submission), entry, submit)
    with transaction.atomic():
        card = _locked(actor.user, submission)
        if entry.version is not None and entry.version != card.version:
            raise Conflict("Your scorecard changed in another window since you opened it; reload it and save again.")
        if card.submitted_at is not None and not submit:
            raise Conflict(
                "This scorecard is submitted: change it by amending (submitting again), which keeps history."
            )
        if submit and card.submitted_at is not None:
            _keep_revision(card)
        card.scores, card.notes, card.recommendation = entry.scores, entry.notes.strip(), entry.recommendation
        card.version += 1
        card.updated_at = timezone.now()
        if submit:
            card.submitted_at = card.updated_at
        card.save()
    if submit:
        _maybe_reviewed(submission)
    return card


def _locked(reviewer: User, submission: Submission) -> Scorecard:
    """The reviewer's row, created if needed, locked until the transaction ends (two tabs never interleave)."""
    rows = Scorecard.objects.select_for_update()
    card = rows.filter(submission=submission, reviewer=reviewer).first()
    if card is not None:
        return card
    try:
        with transaction.atomic():
            return Scorecard.objects.create(
                organization=submission.organization, submission=submission, reviewer=reviewer
            )
    except IntegrityError:  # the other tab created it first: take that one
        return rows.get(submission=submission, reviewer=reviewer)


def _check(rubric: Rubric, entry: Entry, submit: bool) -> None:
    problems: dict[str, list[str]] = {}
    for cid, value in entry.scores.items():
        if cid not in rubric.ids():
            problems[cid] = ["Not a criterion of this rubric."]
        elif not isinstance(value, int) or not 1 <= value <= LEVELS:
            problems[cid] = [f"Score 1 to {LEVELS}."]
    if entry.recommendation and entry.recommendation not in Recommendation.values:
        problems["recommendation"] = [f"One of {', '.join(Recommendation.values)}."]
    if len(entry.notes) > MAX_COMMENT_CHARS:
        problems["notes"] = [f"At most {MAX_COMMENT_CHARS} characters."]
    if submit:
        for cid in rubric.ids():
            if cid not in entry.scores:
                problems.setdefault(cid, ["Score every criterion before submitting."])
        if not entry.recommendation:
            problems.setdefault("recommendation", ["Give a recommendation before submitting."])
    if problems:
        raise InvalidInput("The scorecard is not complete or has values out of range.", fields=problems)


def _keep_revision(card: Scorecard) -> None:
    assert card.submitted_at is not None
    ScorecardRevision.objects.create(
        scorecard=card,
        scores=card.scores,
        notes=card.notes,
        recommendation=card.recommendation,
        submitted_at=card.submitted_at,
    )


def _maybe_reviewed(submission: Submission) -> None:
    """Reviewed: every assigned reviewer submitted (with none assigned, the first submitted scorecard)."""
    candidate = Candidate.objects.filter(submission=submission).select_related("assessment").first()
    if candidate is None:
        return
    done = set(submission.scorecards.filter(submitted_at__isnull=False).values_list("reviewer_id", flat=True))
    assigned = set(candidate.assessment.reviewers.values_list("pk", flat=True))
    if done and assigned <= done:
        review.mark_reviewed(candidate)


def may_see_others(actor: Actor, submission: Submission) -> bool:
    """Only after submitting one's own; those who never fill one (viewers, API keys) see them at once."""
    if actor.user is None or not actor.can(Role.REVIEWER):
        return True
    own = mine(actor, submission)
    return own is not None and own.submitted_at is not None


def visible(actor: Actor, submission: Submission) -> list[Scorecard]:
    """The submitted scorecards ``actor`` may read now (empty while their own is unsubmitted)."""
    if not may_see_others(actor, submission):
        return []
    return list(submission.scorecards.filter(submitted_at__isnull=False).select_related("reviewer"))


def aggregate(rubric: Rubric, cards: list[Scorecard]) -> dict[str, Any]:
    """The mean per criterion and overall, and how many reviewers recommended what."""
    per: dict[str, float | None] = {}
    for cid in rubric.ids():
        values = [c.scores[cid] for c in cards if isinstance(c.scores.get(cid), int)]
        per[cid] = sum(values) / len(values) if values else None
    averages = [a for c in cards if (a := c.average) is not None]
    counts = {r.label: sum(1 for c in cards if c.recommendation == r.value) for r in Recommendation}
    return {
        "count": len(cards),
        "criteria": per,
        "overall": sum(averages) / len(averages) if averages else None,
        "recommendations": counts,
    }


def submitted_averages(submission_ids: list[int]) -> dict[int, tuple[float | None, int]]:
    """Per submission: the mean of the submitted scorecards' averages and how many there are."""
    found: dict[int, list[float]] = {}
    counts: dict[int, int] = {}
    for card in Scorecard.objects.filter(submission_id__in=submission_ids, submitted_at__isnull=False):
        counts[card.submission_id] = counts.get(card.submission_id, 0) + 1
        if card.average is not None:
            found.setdefault(card.submission_id, []).append(card.average)
    return {s: ((sum(found[s]) / len(found[s])) if found.get(s) else None, n) for s, n in counts.items()}
