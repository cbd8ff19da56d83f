"""pycrdt-websocket's own ASGI server, relaying y-websocket rooms: the baseline of live_latency.py.

Served by uvicorn: python -m uvicorn --app-dir bench live_reference_app:app --port PORT
"""

from __future__ import annotations

from typing import Any

from pycrdt.websocket import ASGIServer, WebsocketServer

rooms = WebsocketServer()
relay = ASGIServer(rooms)


async def app(scope: dict[str, Any], receive: Any, send: Any) -> None:
    if scope["type"] != "lifespan":
        await relay(scope, receive, send)
        return
    while True:
        message = await receive()
        if message["type"] == "lifespan.startup":
            await rooms.__aenter__()
            await send({"type": "lifespan.startup.complete"})
        elif message["type"] == "lifespan.shutdown":
            await rooms.__aexit__(None, None, None)
            await send({"type": "lifespan.shutdown.complete"})
            return
