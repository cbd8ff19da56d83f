"""Who may see a live session: the members of the organization that owns it; reviewers and up run one.

Another organization's session is absent from these querysets, so asking for it is a 404. A candidate has
no account: they reach one session through its signed link (assay.live.links), never through these.
"""

from __future__ import annotations

from django.core.exceptions import ObjectDoesNotExist
from django.db.models import QuerySet

from assay.accounts.access import Actor
from assay.errors import NotFound
from assay.live.models import LiveSession


def live_sessions(actor: Actor) -> QuerySet[LiveSession]:
    return LiveSession.objects.filter(organization=actor.organization).select_related("submission", "interviewer")


def live_session(actor: Actor, session_id: int) -> LiveSession:
    try:
        return live_sessions(actor).get(pk=session_id)
    except ObjectDoesNotExist:
        raise NotFound(f"No live session with id {session_id} in this organization.") from None
