"""The team's verdict on a candidate: reviewed once every assigned reviewer has scored, then decided.

The reviews app keeps the scorecards and the decisions' reasons; the candidate's state and timeline live
here, so it calls these functions.
"""

from __future__ import annotations

from assay.accounts.access import Actor, require_role
from assay.accounts.roles import Role
from assay.assessments.models import Candidate
from assay.assessments.services.events import ASSAY, move, record
from assay.errors import Conflict, InvalidInput

S = Candidate.State
DECIDABLE = (S.SUBMITTED, S.GRADED, S.REVIEWED, S.ADVANCED, S.REJECTED)
# Hold keeps the candidate under review: reviewed, waiting for a final advance or reject.
OUTCOME_STATES = {"advance": S.ADVANCED, "hold": S.REVIEWED, "reject": S.REJECTED}
OUTCOME_EVENTS = {"advance": "advanced", "hold": "held", "reject": "rejected"}


def mark_reviewed(candidate: Candidate) -> bool:
    """Graded -> reviewed: called when the last assigned reviewer submits a scorecard. Idempotent."""
    if move(candidate, (S.GRADED,), S.REVIEWED):
        record(candidate, "reviewed", "Every assigned reviewer submitted a scorecard", ASSAY)
        return True
    return False


def decide(actor: Actor, candidate: Candidate, outcome: str, reason: str) -> Candidate:
    """Advance, hold or reject with a reason; the timeline says who decided what and why."""
    require_role(actor, Role.REVIEWER, "advance, hold or reject candidates")
    reason = reason.strip()
    if outcome not in OUTCOME_STATES:
        raise InvalidInput("Decide advance, hold or reject.", fields={"outcome": ["advance, hold or reject"]})
    if not reason:
        raise InvalidInput("Say why: the reason is kept on the candidate's timeline.", fields={"reason": ["Required."]})
    if not move(candidate, DECIDABLE, OUTCOME_STATES[outcome]):
        raise Conflict("This candidate has not submitted; there is nothing to decide yet.")
    record(candidate, OUTCOME_EVENTS[outcome], reason, actor.label)
    return candidate


def record_reveal(actor: Actor, candidate: Candidate) -> None:
    """An owner showed the candidate's identity to the team (blind review)."""
    record(candidate, "revealed", "Identity shown to the team before a decision", actor.label)
