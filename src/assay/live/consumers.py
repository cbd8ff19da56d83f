"""The room's WebSocket: the y-websocket protocol on top of pycrdt-websocket's Channels consumer.

pycrdt-websocket's consumer relays messages but keeps a document per connection and stores nothing; here
the document is the process's room (assay.live.rooms), every update is stored as it arrives, and a
connection is admitted only from this site's pages (Origin) with a token for this very room. A message
over ASSAY_LIVE_MAX_MESSAGE_BYTES, or one that is not the protocol, closes that connection only.
"""

from __future__ import annotations

import logging
import time
from typing import Any
from urllib.parse import parse_qs, urlsplit

from channels.consumer import get_handler_name
from channels.db import database_sync_to_async
from django.conf import settings
from pycrdt import (
    YMessageType,
    YSyncMessageType,
    create_sync_message,
    create_update_message,
    read_message,
    write_message,
)
from pycrdt.websocket.django_channels_consumer import YjsConsumer

from assay.errors import NotFound
from assay.live import connections, links, rooms, services

logger = logging.getLogger("assay.live")
CLOSE_POLICY = 4403  # refused: wrong origin, bad or foreign token, ended session
CLOSE_TOO_BIG = 4413
CLOSE_MALFORMED = 4400
CLOSE_ENDED = 4410
STEP2 = bytes([YMessageType.SYNC, YSyncMessageType.SYNC_STEP2])


def _header(scope: dict[str, Any], name: bytes) -> str:
    return next((v.decode("latin-1") for k, v in scope.get("headers", []) if k == name), "")


def same_origin(scope: dict[str, Any]) -> bool:
    """The browser says which page opened the socket: it must be this site (or a trusted origin)."""
    origin = _header(scope, b"origin")
    if not origin:
        return False
    if origin in settings.CSRF_TRUSTED_ORIGINS:
        return True
    return urlsplit(origin).netloc == _header(scope, b"host")


class LiveRoomConsumer(YjsConsumer):  # type: ignore[misc]  # pycrdt-websocket's consumer is untyped
    room: rooms.Room | None = None
    role = ""
    renewed_at = 0.0

    async def connect(self) -> None:
        session_id = int(self.scope["url_route"]["kwargs"]["session_id"])
        token = parse_qs(self.scope.get("query_string", b"").decode()).get("token", [""])[0]
        if not same_origin(self.scope):
            logger.warning("live room %s: refused a socket from another origin", session_id)
            await self.close(code=CLOSE_POLICY)
            return
        try:
            _, self.role = await database_sync_to_async(links.open_session)(token, session_id)
        except NotFound:
            await self.close(code=CLOSE_POLICY)
            return
        self.room = await rooms.acquire(session_id)
        await database_sync_to_async(services.touch)(session_id)
        self.room_name = rooms.group(session_id)
        self.ydoc = self.room.doc
        await self.channel_layer.group_add(self.room_name, self.channel_name)
        await self.accept()
        rooms.join(self.room, self.channel_name, self._deliver)
        client = self.scope.get("client") or ("", 0)
        agent = _header(self.scope, b"user-agent")
        await database_sync_to_async(connections.opened)(session_id, self.channel_name, self.role, client[0], agent)
        self.renewed_at = time.monotonic()
        await self.send(bytes_data=create_sync_message(self.ydoc))

    async def disconnect(self, code: int) -> None:
        if self.room is not None:
            rooms.leave(self.room, self.channel_name)
            await self.channel_layer.group_discard(self.room_name, self.channel_name)
            rooms.release(self.room)
            await database_sync_to_async(services.touch)(self.room.session_id)
            await database_sync_to_async(connections.closed)(self.channel_name)
            self.room = None

    async def receive(self, text_data: str | None = None, bytes_data: bytes | None = None) -> None:
        if self.room is None:
            return
        if bytes_data is None or len(bytes_data) > settings.ASSAY_LIVE_MAX_MESSAGE_BYTES:
            await self.close(code=CLOSE_TOO_BIG if bytes_data else CLOSE_MALFORMED)
            return
        try:
            await self._handle(bytes_data)
        except Exception:  # noqa: BLE001 - anything a client sends that is not the protocol closes it alone
            logger.info("live room %s: closed a connection that sent a malformed message", self.room.session_id)
            await self.close(code=CLOSE_MALFORMED)

    async def _handle(self, message: bytes) -> None:
        assert self.room is not None
        if message[0] == YMessageType.AWARENESS:
            read_message(message[1:])  # well-formed, or it raises
            await rooms.relay(self.room, message, sender=self.channel_name)
            if time.monotonic() - self.renewed_at > connections.RENEW_SECONDS:
                self.renewed_at = time.monotonic()
                await database_sync_to_async(connections.renewed)(self.channel_name)
        elif message[0] == YMessageType.SYNC and message[1] == YSyncMessageType.SYNC_STEP1:
            update = self.room.doc.get_update(read_message(message[2:]))
            await self.send(bytes_data=STEP2 + write_message(update))
        elif message[0] == YMessageType.SYNC and message[1] in (
            YSyncMessageType.SYNC_STEP2,
            YSyncMessageType.SYNC_UPDATE,
        ):
            await rooms.apply(self.room, read_message(message[2:]), sender=self.channel_name)
        else:
            raise ValueError("not a y-websocket message")

    async def dispatch(self, message: dict[str, Any]) -> None:
        # Channels closes stale database connections before every message, a hop to the one thread that
        # does database work: a keystroke would wait behind the recording's writes. Every handler here
        # reaches the database through database_sync_to_async, which closes them itself.
        handler = getattr(self, get_handler_name(message), None)
        if handler is None:
            raise ValueError(f"No handler for message type {message['type']}")
        await handler(message)

    async def _deliver(self, message: bytes) -> None:
        await self.send(bytes_data=message)

    async def room_relay(self, event: dict[str, Any]) -> None:
        """Awareness from a participant on another process (this process's own were delivered directly)."""
        if event["process"] != rooms.PROCESS:
            await self.send(bytes_data=event["message"])

    async def room_update(self, event: dict[str, Any]) -> None:
        """An update from another process: keep this process's room current and pass it on."""
        if event["process"] != rooms.PROCESS:
            rooms.receive_remote(self.room.session_id if self.room else 0, event["update"], event["process"])
            await self.send(bytes_data=create_update_message(event["update"]))

    async def room_ended(self, event: dict[str, Any]) -> None:
        await self.close(code=CLOSE_ENDED)

    async def room_removed(self, event: dict[str, Any]) -> None:
        """The interviewer removed this very connection."""
        await self.close(code=CLOSE_POLICY)

    async def room_revoked(self, event: dict[str, Any]) -> None:
        """The candidate's link was replaced: whoever came in by the old one leaves."""
        if self.role == links.CANDIDATE:
            await self.close(code=CLOSE_POLICY)
