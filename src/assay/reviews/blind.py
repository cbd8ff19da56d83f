"""Blind review: per assessment, everyone below owner sees a stable alias instead of a candidate's name and
email until the candidate is advanced or rejected (or an owner reveals them to the team).

The policy is installed into assay.assessments.identity when the app starts, so the assessments pages and
API apply it too. Snapshot downloads are refused while a candidate is hidden (the archive carries the git
history, with its author names). The candidate's own words (README, code, commit messages) are shown as
written; the pages say so.
"""

from __future__ import annotations

from typing import Any

from assay.accounts.access import Actor, require_role
from assay.accounts.roles import Role
from assay.assessments import identity
from assay.assessments.models import Assessment, Candidate
from assay.assessments.services import review
from assay.audit import events as audit_events
from assay.audit.services import record as audit
from assay.errors import PermissionDenied
from assay.reviews.models import BlindReview, IdentityReveal
from assay.submissions.models import Submission

DECIDED = (Candidate.State.ADVANCED, Candidate.State.REJECTED)


def enabled(assessment: Assessment) -> bool:
    return BlindReview.objects.filter(assessment=assessment).exists()


def hidden_among(actor: Actor, candidates: list[Candidate]) -> set[int]:
    """The ids of those of ``candidates`` that ``actor`` sees under their alias (the policy given to
    assessments.identity). Two queries at most however long the list, so an assessment's page and the API's
    candidate list cost the same with 5 candidates or 500."""
    undecided = [c for c in candidates if c.state not in DECIDED]
    if actor.role == Role.OWNER or not undecided:
        return set()
    assessments = {c.assessment_id for c in undecided}
    blind = set(BlindReview.objects.filter(assessment_id__in=assessments).values_list("assessment_id", flat=True))
    suspects = {c.pk for c in undecided if c.assessment_id in blind}
    if not suspects:
        return set()
    return suspects - set(
        IdentityReveal.objects.filter(candidate_id__in=suspects).values_list("candidate_id", flat=True)
    )


def set_enabled(actor: Actor, assessment: Assessment, on: bool) -> None:
    require_role(actor, Role.ADMIN, "turn blind review on or off")
    if on:
        BlindReview.objects.get_or_create(assessment=assessment, defaults={"enabled_by": actor.label})
    else:
        BlindReview.objects.filter(assessment=assessment).delete()
    state = "on" if on else "off"
    audit(actor, audit_events.SETTINGS, target=assessment, summary=f"Blind review {state} for {assessment.title}")


def reveal(actor: Actor, candidate: Candidate) -> None:
    """An owner shows the candidate's identity to the team; the candidate's timeline records it."""
    require_role(actor, Role.OWNER, "reveal who a candidate is")
    _, created = IdentityReveal.objects.get_or_create(candidate=candidate, defaults={"by_label": actor.label})
    if created:
        review.record_reveal(actor, candidate)
        audit(actor, audit_events.IDENTITY_REVEALED, target=candidate)


def may_reveal(actor: Actor, candidate: Candidate) -> bool:
    """An owner may reveal a candidate that blind review still hides from the team."""
    if actor.role != Role.OWNER or candidate.state in DECIDED:
        return False
    hidden_from_team = BlindReview.objects.filter(assessment_id=candidate.assessment_id).exists()
    return hidden_from_team and not IdentityReveal.objects.filter(candidate=candidate).exists()


def candidate_of(submission: Submission) -> Candidate | None:
    return Candidate.objects.filter(submission=submission).select_related("assessment").first()


def hidden_submission(actor: Actor, submission: Submission) -> Candidate | None:
    """The submission's candidate when ``actor`` must not see who it is (else None)."""
    candidate = candidate_of(submission)
    return candidate if candidate is not None and identity.hidden(actor, candidate) else None


def mask_submission(actor: Actor, submission: Submission) -> bool:
    """Put the alias in the submission's label (in memory) when its candidate is hidden from ``actor``."""
    candidate = hidden_submission(actor, submission)
    if candidate is None:
        return False
    submission.label = f"{identity.alias(candidate)} · {candidate.assessment.title}"
    return True


def mask_report(actor: Actor, context: dict[str, Any]) -> None:
    """The report page's context as ``actor`` may see it: alias, and git authors replaced."""
    context["blind"] = mask_submission(actor, context["submission"])
    if not context["blind"]:
        return
    if context.get("candidate") is not None:
        identity.mask(actor, [context["candidate"]])
    for commit in context.get("commits") or []:
        commit["author"] = "(hidden: blind review)"


def require_download(actor: Actor, submission: Submission) -> None:
    if hidden_submission(actor, submission) is not None:
        raise PermissionDenied(
            "Downloads are off under blind review until a decision (the files carry the candidate's git identity)."
        )
