"""Edit-to-peer latency of live sessions: N rooms of two participants each, on loopback, recording on.

Side by side in the same run: Assay's room (`assay serve`: Channels, the room per process, every update
stored in the database as it arrives) and pycrdt-websocket's own ASGI server relaying the same edits
(no storage). Each participant pair takes turns: one inserts a line, the time until the other receives
the update is one sample. Prints p50/p99 of both and their ratio; JSON to --out.

    .venv/bin/python bench/live_latency.py --rooms 100 --edits 20 --out /tmp/live.json
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from pycrdt import Doc, Text, YMessageType, YSyncMessageType, create_sync_message, create_update_message
from pycrdt import handle_sync_message as handle
from websockets.asyncio.client import ClientConnection, connect

REPO = Path(__file__).resolve().parents[1]
VENV = Path(sys.executable).parent
SEED = """
import json
from pathlib import Path
from assay.accounts.access import Actor
from assay.accounts.models import Membership, Organization
from assay.accounts.roles import Role
from assay.live import links, services
from assay.submissions.services import create_submission, snapshot_bytes
from tests.reviews.conftest import tiny_version
team = Organization.objects.order_by("pk").first()
owner = Membership.objects.filter(organization=team, role=Role.OWNER).first().user
actor = Actor(organization=team, role=Role.OWNER, user=owner)
submission = create_submission(organization=team, challenge_version=tiny_version(), stack="python", label="Bench",
                               archive=snapshot_bytes(Path({files!r})))
rooms = []
for _ in range({rooms}):
    s = services.create_from_submission(actor, submission)
    rooms.append([s.pk, links.token_for(s, links.INTERVIEWER), links.token_for(s, links.CANDIDATE)])
print(json.dumps(rooms))
"""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_up(url: str, process: subprocess.Popen[bytes], seconds: float = 180) -> None:
    import httpx

    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"server exited with {process.returncode}")
        try:
            httpx.get(url, timeout=2)
            return
        except httpx.TransportError:
            time.sleep(0.3)
    raise SystemExit(f"{url} never answered")


class Peer:
    def __init__(self, socket: ClientConnection) -> None:
        self.socket = socket
        self.doc: Doc = Doc()
        self.updated = asyncio.Event()
        self.synced = asyncio.Event()

    async def read(self) -> None:
        async for message in self.socket:
            if not isinstance(message, bytes) or message[0] != YMessageType.SYNC:
                continue
            reply = handle(message[1:], self.doc)
            if reply is not None:
                await self.socket.send(reply)
            if message[1] == YSyncMessageType.SYNC_STEP2:
                self.synced.set()
            elif message[1] == YSyncMessageType.SYNC_UPDATE:
                self.updated.set()

    async def edit(self, line: str) -> None:
        text = self.doc.get("bench", type=Text)
        before = self.doc.get_state()
        text.insert(len(text), line)
        self.updated.clear()
        await self.socket.send(create_update_message(self.doc.get_update(before)))


async def pair(urls: tuple[str, str], origin: str, edits: int, samples: list[float]) -> None:
    async with connect(urls[0], origin=origin) as first, connect(urls[1], origin=origin) as second:  # type: ignore[arg-type]
        peers = [Peer(first), Peer(second)]
        readers = [asyncio.create_task(p.read()) for p in peers]
        for peer in peers:
            await peer.socket.send(create_sync_message(peer.doc))
        await asyncio.gather(*(asyncio.wait_for(p.synced.wait(), 30) for p in peers))
        await asyncio.sleep(0.5)
        for n in range(edits):
            sender, receiver = peers[n % 2], peers[1 - n % 2]
            receiver.updated.clear()
            started = time.perf_counter()
            await sender.edit(f"line {n}\n")
            await asyncio.wait_for(receiver.updated.wait(), 30)
            samples.append(time.perf_counter() - started)
            await asyncio.sleep(0.05)
        for reader in readers:
            reader.cancel()


async def measure(pairs: list[tuple[str, str]], origin: str, edits: int) -> list[float]:
    samples: list[float] = []
    await asyncio.gather(*(pair(urls, origin, edits, samples) for urls in pairs))
    return samples


def summary(samples: list[float]) -> dict[str, float]:
    ordered = sorted(samples)
    return {
        "samples": len(ordered),
        "p50_ms": round(1000 * statistics.median(ordered), 2),
        "p99_ms": round(1000 * ordered[min(len(ordered) - 1, int(0.99 * len(ordered)))], 2),
    }


def assay_side(tmp: Path, rooms: int, edits: int) -> dict[str, float]:
    port, var = free_port(), tmp / "var"
    files = tmp / "files"
    files.mkdir()
    (files / "app.py").write_text("print('bench')\n")
    env = {k: v for k, v in os.environ.items() if not k.startswith("ASSAY_") and k not in ("DATABASE_URL", "REDIS_URL")}
    env.update(ASSAY_VAR_DIR=str(var), ASSAY_LIBRARY_DIR=str(tmp / "library"), ASSAY_LOG_LEVEL="WARNING")
    env.update(PYTHONPATH=str(REPO))
    (tmp / "library").mkdir()
    log = (tmp / "serve.log").open("w")
    # The web side alone: seeding creates a submission, whose grading must not run beside the measurement.
    serve = [str(VENV / "assay"), "serve", "--no-worker", "--port", str(port)]
    server = subprocess.Popen(serve, env=env, stdout=log, stderr=log)
    try:
        base = f"http://127.0.0.1:{port}"
        wait_up(base + "/healthz", server)
        code = SEED.format(files=str(files), rooms=rooms)
        done = subprocess.run(
            [str(VENV / "assay"), "shell", "-c", code], env=env, cwd=REPO, capture_output=True, text=True
        )
        seeded = json.loads(done.stdout.strip().splitlines()[-1])
        ws = f"ws://127.0.0.1:{port}/live"
        pairs = [(f"{ws}/{pk}/socket?token={a}", f"{ws}/{pk}/socket?token={b}") for pk, a, b in seeded]
        return summary(asyncio.run(measure(pairs, base, edits)))
    finally:
        server.terminate()
        server.wait(30)


def reference_side(rooms: int, edits: int) -> dict[str, float]:
    port = free_port()
    argv = [sys.executable, "-m", "uvicorn", "--app-dir", str(REPO / "bench"), "live_reference_app:app"]
    server = subprocess.Popen([*argv, "--port", str(port), "--log-level", "warning"])
    try:
        wait_up(f"http://127.0.0.1:{port}/", server)
        base = f"ws://127.0.0.1:{port}"
        pairs = [(f"{base}/room-{n}", f"{base}/room-{n}") for n in range(rooms)]
        return summary(asyncio.run(measure(pairs, f"http://127.0.0.1:{port}", edits)))
    finally:
        server.terminate()
        server.wait(30)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rooms", type=int, default=100)
    parser.add_argument("--edits", type=int, default=20)
    parser.add_argument("--out")
    args = parser.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="assay-bench-live-"))
    try:
        result: dict[str, Any] = {"rooms": args.rooms, "edits_per_room": args.edits, "load": os.getloadavg()}
        result["reference"] = reference_side(args.rooms, args.edits)
        result["assay"] = assay_side(tmp, args.rooms, args.edits)
        result["p99_ratio"] = round(result["assay"]["p99_ms"] / result["reference"]["p99_ms"], 2)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    for side in ("assay", "reference"):
        figures = result[side]
        print(
            f"{side:10} p50 {figures['p50_ms']:8.2f} ms  p99 {figures['p99_ms']:8.2f} ms  ({figures['samples']} edits)"
        )
    print(f"p99 ratio (assay / pycrdt-websocket): {result['p99_ratio']}")
    text = json.dumps(result, indent=2)
    Path(args.out).write_text(text) if args.out else print(text)


if __name__ == "__main__":
    main()
