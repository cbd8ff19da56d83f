"""Who may see the library: every member of any organization sees every loaded challenge.

The library is shared content, not an organization's data; a challenge with no loaded version
(all its packages refused so far) is not shown.
"""

from __future__ import annotations

from django.db.models import QuerySet

from assay.accounts.access import Actor
from assay.challenges.models import Challenge
from assay.errors import NotFound


def visible_challenges(actor: Actor) -> QuerySet[Challenge]:
    return Challenge.objects.filter(current_version__isnull=False).select_related("current_version")


def challenge_for(actor: Actor, slug: str) -> Challenge:
    challenge = visible_challenges(actor).filter(slug=slug).first()
    if challenge is None:
        raise NotFound(f"There is no challenge {slug!r} in the library.")
    return challenge
