"""A run in a live session: the command runs in the grading sandbox on the room's current files, and its
output is written into the room's document (``runs``), so both participants see it as it comes and the
recording replays it where it happened.
"""

from __future__ import annotations

import asyncio
import codecs
import tempfile
import time
from collections.abc import Callable, Coroutine
from contextvars import Context
from pathlib import Path
from typing import Any

from channels.db import database_sync_to_async
from django.conf import settings
from django.db import close_old_connections
from pycrdt import Doc, Map, Text

from assay.grading.workspace_runs import WorkspaceRunResult, run_in_workspace
from assay.live import documents, rooms, services
from assay.live.models import LiveRun, LiveSession

_running: set[asyncio.Task[None]] = set()  # the loop keeps only weak references to tasks


def launch(session: LiveSession, run: LiveRun) -> None:
    """Start the run in the background of this process's event loop; it ends by itself."""
    keep(execute(session.pk, session.stack, run))


def keep(work: Coroutine[Any, Any, None]) -> None:
    """Run ``work`` in the background of this process's event loop, past the request that started it."""
    # A fresh context: the request's own (its thread for database work) ends with the response.
    task = asyncio.get_running_loop().create_task(work, context=Context())
    _running.add(task)
    task.add_done_callback(_running.discard)


def _entry(doc: Doc, run: LiveRun) -> Map:
    return doc.get(documents.RUNS, type=Map)[str(run.number)]


async def execute(session_id: int, stack: str, run: LiveRun) -> None:
    room = await rooms.acquire(session_id)
    try:
        await rooms.change(room, lambda doc: _begin(doc, run))
        result = await _stream(room, run, stack, documents.files_of(room.doc))
        state = LiveRun.State.CUT if result.cut else LiveRun.State.FINISHED
    except Exception as error:  # noqa: BLE001 - the participants see why; the session goes on
        result, state = WorkspaceRunResult(None, False, f"Could not run: {error}"), LiveRun.State.FAILED
    try:
        await rooms.change(room, lambda doc: _finish(_entry(doc, run), state, result.why))
        await database_sync_to_async(services.finish_run)(run, state, result.exit_code)
    finally:
        rooms.release(room)


def _begin(doc: Doc, run: LiveRun) -> None:
    fields = {"command": run.command, "state": "running", "note": "", "output": Text()}
    doc.get(documents.RUNS, type=Map)[str(run.number)] = Map(fields)


def _finish(entry: Map, state: str, why: str) -> None:
    entry["state"] = state
    entry["note"] = why


async def _stream(room: rooms.Room, run: LiveRun, stack: str, files: dict[str, str]) -> WorkspaceRunResult:
    loop = asyncio.get_running_loop()
    queue: asyncio.Queue[bytes | None] = asyncio.Queue()
    decoder = codecs.getincrementaldecoder("utf-8")(errors="replace")

    def sandboxed() -> WorkspaceRunResult:
        try:
            with tempfile.TemporaryDirectory(prefix="assay-live-run-") as scratch:
                documents.write_files(files, Path(scratch))
                return run_in_workspace(
                    Path(scratch),
                    stack,
                    run.command,
                    on_output=lambda chunk: _hand_over(loop, queue, chunk),
                    output_limit=settings.ASSAY_LIVE_OUTPUT_BYTES,
                    seconds=services.RUN_SECONDS,
                    stop_when=ended_check(run.session_id),
                )
        finally:
            loop.call_soon_threadsafe(queue.put_nowait, None)

    worker = asyncio.ensure_future(asyncio.to_thread(sandboxed))
    while (chunk := await queue.get()) is not None:
        text = decoder.decode(chunk)
        if text:
            await rooms.change(room, _appender(run, text))
    return await worker


def ended_check(session_id: int, every: float = 1.0) -> Callable[[], bool]:
    """Has the session ended (by the interviewer, housekeeping or its expiry, in any process)? The database
    is asked at most once per ``every`` seconds; once ended, always ended."""
    state = {"asked": 0.0, "ended": False}

    def ended() -> bool:
        if not state["ended"] and time.monotonic() - state["asked"] >= every:
            state["asked"] = time.monotonic()
            try:
                state["ended"] = services.has_ended(session_id)
            finally:
                close_old_connections()
        return bool(state["ended"])

    return ended


def _hand_over(loop: asyncio.AbstractEventLoop, queue: asyncio.Queue[bytes | None], chunk: bytes) -> None:
    loop.call_soon_threadsafe(queue.put_nowait, chunk)


def _appender(run: LiveRun, text: str) -> Callable[[Doc], None]:
    def append(doc: Doc) -> None:
        output = _entry(doc, run)["output"]
        output.insert(len(output), text)

    return append
