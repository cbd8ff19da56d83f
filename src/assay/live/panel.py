"""The service and request panel of a room: starting and stopping the candidate's service, sending it a
request, and writing what happened into the room's document (``service`` and ``requests``), so both
participants see it at once and the playback replays it. The text is the candidate's: pages show it escaped.
"""

from __future__ import annotations

import asyncio
from typing import Any

from pycrdt import Doc, Map

from assay.errors import AssayError
from assay.live import documents, rooms, service

SERVICE, REQUESTS = "service", "requests"
MAX_SHOWN_HEADERS = 50


def _set_service(state: str, note: str, log: str = "") -> Any:
    def edit(doc: Doc) -> None:
        shared = doc.get(SERVICE, type=Map)
        shared["state"], shared["note"], shared["log"] = state, note, log

    return edit


async def start_service(session_id: int, stack: str) -> None:
    """Start the service on the room's current files; the room shows it starting, then running or why not."""
    room = await rooms.acquire(session_id)
    try:
        await rooms.change(room, _set_service("starting", "Starting the service…"))
        files = documents.files_of(room.doc)
        try:
            outcome = await asyncio.to_thread(service.start, session_id, stack, files)
            state = "running" if outcome.ready else "failed"
            edit = _set_service(state, outcome.why, outcome.log)
        except AssayError as error:
            edit = _set_service("failed", error.detail)
        except Exception as error:  # noqa: BLE001 - the participants see why; the session goes on
            edit = _set_service("failed", f"The service could not start: {error}")
        await rooms.change(room, edit)
    finally:
        rooms.release(room)


async def stop_service(session_id: int) -> None:
    stopped = await asyncio.to_thread(service.stop, session_id)
    room = await rooms.acquire(session_id)
    try:
        await rooms.change(room, _set_service("stopped", "Stopped." if stopped else "No service was running."))
    finally:
        rooms.release(room)


async def send_request(session_id: int, request: service.Request) -> dict[str, Any]:
    """Send the request to the running service and add it, with its answer, to the room's requests."""
    answer = await asyncio.to_thread(service.send, session_id, request)
    room = await rooms.acquire(session_id)
    try:
        await rooms.change(room, lambda doc: _record(doc, request, answer))
    finally:
        rooms.release(room)
    return answer


def _record(doc: Doc, request: service.Request, answer: dict[str, Any]) -> None:
    shared = doc.get(REQUESTS, type=Map)
    headers = "\n".join(f"{name}: {value}" for name, value in answer.get("headers", [])[:MAX_SHOWN_HEADERS])
    entry = {
        "request": f"{request.method} {request.path}",
        "status": str(answer.get("status", "")),
        "reason": str(answer.get("reason", "")),
        "headers": headers,
        "body": str(answer.get("body", "")),
        "error": str(answer.get("error", "")),
        "truncated": bool(answer.get("truncated", False)),
    }
    shared[str(len(shared) + 1)] = Map(entry)
