"""How a candidate is named to a team member.

Blind review (owned by the reviews app, which sits above this one) hides a candidate's name and email from
some members behind a stable alias. It plugs a policy in here when it starts, so this app's pages and API
show the alias too without importing the reviews app.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from typing import TypeVar

from assay.accounts.access import Actor
from assay.assessments.models import Candidate, CandidateEvent

# A policy answers: which of these candidates (their ids) must ``actor`` see under their alias? It gets the whole
# list at once, so a page of candidates asks the database a fixed number of times.
Policy = Callable[[Actor, list[Candidate]], set[int]]
C = TypeVar("C", bound=Candidate)
HIDDEN_EMAIL = "hidden (blind review)"
_policies: list[Policy] = []


def install(policy: Policy) -> None:
    """Set the policy (installing again replaces it, so a reloaded app never stacks two)."""
    _policies[:] = [policy]


def alias(candidate: Candidate) -> str:
    """A stable alias: derived from the candidate's public id, so it never changes and reveals nothing."""
    return f"Candidate {candidate.public_id.hex[:6].upper()}"


def hidden(actor: Actor, candidate: Candidate) -> bool:
    return bool(_hidden_among(actor, [candidate]))


def _hidden_among(actor: Actor, candidates: list[C]) -> set[int]:
    return {pk for policy in _policies for pk in policy(actor, list(candidates))}


def mask(actor: Actor, candidates: Iterable[C]) -> list[C]:
    """The candidates as ``actor`` may see them: a hidden one carries its alias in ``name`` and no email.

    The instances are changed in memory only (for rendering); they must not be saved afterwards.
    """
    shown = list(candidates)
    hidden_ids = _hidden_among(actor, shown)
    for candidate in shown:
        if candidate.pk in hidden_ids:
            scrub_text = _scrubber(candidate)
            candidate.name, candidate.email = alias(candidate), HIDDEN_EMAIL
            candidate.scrub = scrub_text  # type: ignore[attr-defined]
    return shown


def _scrubber(candidate: Candidate) -> Callable[[str], str]:
    """Replace the candidate's name and email inside free text (timeline details, labels) by the alias."""
    words = sorted({w for w in (candidate.email, candidate.name) if w}, key=len, reverse=True)
    pattern = re.compile("|".join(re.escape(w) for w in words), re.IGNORECASE) if words else None
    name = alias(candidate)
    return lambda text: pattern.sub(name, text) if pattern else text


def scrub(candidate: Candidate, text: str) -> str:
    """``text`` with a masked candidate's identity replaced (unchanged for a candidate shown as is)."""
    scrubber = getattr(candidate, "scrub", None)
    return scrubber(text) if scrubber else text


def events(candidate: Candidate) -> list[CandidateEvent]:
    """The candidate's timeline, with identities scrubbed when the candidate was masked."""
    found = list(candidate.events.all())
    for event in found:
        event.detail = scrub(candidate, event.detail)
    return found
