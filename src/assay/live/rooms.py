"""The rooms of this process: one Yjs document per live session, shared by every connection to it here.

A room is rebuilt from the session's stored updates when its first connection (or run) arrives, and
dropped when the last one leaves, so a restarted process loses nothing. Every change to a room, from a
participant or a run, goes through ``apply`` or ``change``: sent at once to the participants connected to
this process, stored with its time, and sent to the room's group on the channel layer for the participants
connected to other processes. A process's own participants are not reached through the layer: a hop
through it per keystroke and per peer cost more than the rest of the relay together.
"""

from __future__ import annotations

import asyncio
import logging
import uuid
from collections.abc import Awaitable, Callable
from contextvars import Context
from dataclasses import dataclass, field
from datetime import datetime

from channels.db import database_sync_to_async
from channels.layers import InMemoryChannelLayer, get_channel_layer
from django.utils import timezone
from pycrdt import Doc, create_update_message

from assay.live import documents, services
from assay.live.models import LiveUpdate

logger = logging.getLogger("assay.live")
# Messages this process sent to a group are already in its rooms and with its participants; other
# processes apply and deliver them.
PROCESS = uuid.uuid4().hex
EMPTY_UPDATE = b"\x00\x00"  # no new items, no deletions

Deliver = Callable[[bytes], Awaitable[None]]


@dataclass
class Room:
    session_id: int
    doc: Doc
    lock: asyncio.Lock = field(default_factory=asyncio.Lock)
    users: int = 0
    peers: dict[str, Deliver] = field(default_factory=dict)  # this process's connections, by channel name


_rooms: dict[int, Room] = {}
_opening = asyncio.Lock()  # two first connections at the same instant build one room, not two
_pending: list[tuple[int, datetime, bytes]] = []  # updates relayed and not yet stored: session, arrival, data
_writer: asyncio.Task[None] | None = None


group = services.group


def _stored(session_id: int) -> Doc:
    rows = LiveUpdate.objects.filter(session_id=session_id).values_list("data", flat=True)
    return documents.rebuild(bytes(data) for data in rows)


async def acquire(session_id: int) -> Room:
    async with _opening:
        room = _rooms.get(session_id)
        if room is None:
            room = _rooms[session_id] = Room(session_id, await database_sync_to_async(_stored)(session_id))
        room.users += 1
        return room


def release(room: Room) -> None:
    room.users -= 1
    if room.users <= 0 and _rooms.get(room.session_id) is room:
        del _rooms[room.session_id]


def join(room: Room, channel: str, deliver: Deliver) -> None:
    room.peers[channel] = deliver


def leave(room: Room, channel: str) -> None:
    room.peers.pop(channel, None)


async def _deliver(room: Room, message: bytes, sender: str) -> None:
    for channel, deliver in list(room.peers.items()):
        if channel == sender:
            continue
        try:
            await deliver(message)
        except Exception:  # noqa: BLE001 - a peer whose socket is closing must not stop the others
            logger.debug("live room %s: a connection closed while an update was sent to it", room.session_id)


def _other_processes() -> bool:
    """Whether the channel layer reaches other processes (Redis); the in-memory one reaches only this one."""
    return not isinstance(get_channel_layer(), InMemoryChannelLayer)


async def relay(room: Room, message: bytes, sender: str) -> None:
    """Pass a message the room does not keep (awareness: cursors, selections, names) to the others."""
    await _deliver(room, message, sender)
    if _other_processes():
        event = {"type": "room.relay", "message": message, "sender": sender, "process": PROCESS}
        await get_channel_layer().group_send(group(room.session_id), event)


async def _publish(room: Room, update: bytes, sender: str) -> None:
    # Relayed first, stored right after by the room's writer, in arrival order and with the arrival time: the
    # peer never waits for the database, and an update lost to a crash in between is still in its sender's
    # document, which sends it again when it reconnects (sync step 2).
    await _deliver(room, create_update_message(update), sender)
    if _other_processes():
        event = {"type": "room.update", "update": update, "sender": sender, "process": PROCESS}
        await get_channel_layer().group_send(group(room.session_id), event)
    _pending.append((room.session_id, timezone.now(), update))
    global _writer
    if _writer is None or _writer.done():
        _writer = asyncio.get_running_loop().create_task(_write(), context=Context())


async def _write() -> None:
    """Store what arrived, in order, a batch at a time; one writer for the process, so the order holds and
    a hundred busy rooms cost one database call per batch, not one per keystroke."""
    global _pending
    while _pending:
        batch, _pending = _pending, []
        await database_sync_to_async(services.record_many)(batch)


async def apply(room: Room, update: bytes, sender: str) -> None:
    """Apply a participant's update, store it and relay it (an empty one, "nothing new", is dropped).

    A deletion leaves the state vector as it was, so "did it change anything" cannot be told cheaply:
    applying twice is harmless in Yjs, and the playback shows a repeated update as no change.
    """
    if update == EMPTY_UPDATE:
        return
    async with room.lock:
        room.doc.apply_update(update)
        await _publish(room, update, sender)


async def change(room: Room, edit: Callable[[Doc], None]) -> None:
    """Make a change on the server's side (a run's output), stored and relayed like a participant's."""
    async with room.lock:
        before = room.doc.get_state()
        with room.doc.transaction():
            edit(room.doc)
        await _publish(room, room.doc.get_update(before), sender="server")


def receive_remote(session_id: int, update: bytes, process: str) -> None:
    """An update another process stored and relayed: keep this process's copy of the room current."""
    room = _rooms.get(session_id)
    if room is not None and process != PROCESS:
        room.doc.apply_update(update)
