"""Who may see the library: every organization sees the shared challenges and its own, never another's.

The shared library (no organization) is content shipped with Assay; a challenge a hiring team imported
is that organization's data, and to any other organization it does not exist (a 404). A shared
challenge with no loaded version (all its packages refused so far) is not shown; a team's is, so
its admins see that its import is waiting for validation.
"""

from __future__ import annotations

from django.db.models import F, Q, QuerySet

from assay.accounts.access import Actor
from assay.challenges.models import Challenge
from assay.errors import NotFound


def visible_challenges(actor: Actor) -> QuerySet[Challenge]:
    return Challenge.objects.filter(
        Q(organization__isnull=True) | Q(organization=actor.organization), current_version__isnull=False
    ).select_related("current_version", "organization")


def challenge_for(actor: Actor, slug: str) -> Challenge:
    # The organization's own first: a shared challenge loaded later under the same slug never hides it.
    challenge = visible_challenges(actor).filter(slug=slug).order_by(F("organization_id").asc(nulls_last=True)).first()
    if challenge is None:
        raise NotFound(f"There is no challenge {slug!r} in the library.")
    return challenge
