"""Who is connected to a session's room: the interviewer sees every connection and can remove one.

The consumer records a connection when it opens and forgets it when it closes; a browser's presence
(awareness) renews it. Removing one closes that socket only, wherever it is, through the channel layer.
"""

from __future__ import annotations

from datetime import timedelta

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.utils import timezone

from assay.accounts.access import Actor, require_role
from assay.accounts.roles import Role
from assay.errors import NotFound
from assay.live.models import LiveConnection, LiveSession

FRESH_SECONDS = 45  # a browser renews its presence every 15 s; three missed renewals mean it is gone
RENEW_SECONDS = 10


def opened(session_id: int, channel_name: str, role: str, address: str, agent: str) -> None:
    LiveConnection.objects.create(
        session_id=session_id, channel_name=channel_name, role=role, address=address[:64], agent=agent[:200]
    )


def closed(channel_name: str) -> None:
    LiveConnection.objects.filter(channel_name=channel_name).delete()


def renewed(channel_name: str) -> None:
    LiveConnection.objects.filter(channel_name=channel_name).update(seen_at=timezone.now())


def current(session: LiveSession) -> list[LiveConnection]:
    since = timezone.now() - timedelta(seconds=FRESH_SECONDS)
    return list(LiveConnection.objects.filter(session=session, seen_at__gt=since))


def remove(actor: Actor, session: LiveSession, connection_id: int) -> LiveConnection:
    """Close one connection to the room (say, a second browser on a leaked candidate link)."""
    require_role(actor, Role.REVIEWER, "run live sessions")
    connection = LiveConnection.objects.filter(session=session, pk=connection_id).first()
    if connection is None:
        raise NotFound("That connection has already left.")
    async_to_sync(get_channel_layer().send)(connection.channel_name, {"type": "room.removed"})
    connection.delete()
    return connection
