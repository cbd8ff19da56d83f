"""Query plans that auto_explain wrote to a private PostgreSQL's JSON log.

The server writes `jsonlog`: one JSON object per line, so a plan spanning
many lines in text form is a single escaped `message` here and parsing never
has to guess where an entry ends. The file is written by the run's services
uid (candidate-influenced data), so every field is treated as untrusted text.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any, TypedDict

_PLAN_MESSAGE = re.compile(r"duration: (?P<ms>[0-9.]+) ms\s+plan:\s*(?P<json>\{.*\})\s*\Z", re.DOTALL)
# A runaway log (a load probe with plan logging on) must not exhaust the host.
MAX_READ_BYTES = 64 * 1024 * 1024


class QueryPlan(TypedDict):
    query: str
    plan: dict[str, Any]
    duration_ms: float
    user: str


class PlanLog:
    """Reads plans from a jsonlog file, from a mark onwards.

    Invariant: `read()` returns only complete lines; a line still being
    written is left for the next call.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self.offset = 0

    def mark(self) -> None:
        """Later reads start at the current end of the log."""
        self.offset = self.path.stat().st_size if self.path.exists() else 0

    def _tail(self) -> bytes:
        try:
            with open(self.path, "rb") as log:
                log.seek(self.offset)
                return log.read(MAX_READ_BYTES)
        except FileNotFoundError:
            return b""

    def contains(self, needle: bytes) -> bool:
        return needle in self._tail()

    def read(self, user: str | None = None) -> list[QueryPlan]:
        data = self._tail()
        complete = data[: data.rfind(b"\n") + 1]
        plans = (parse_entry(line) for line in complete.splitlines())
        return [p for p in plans if p is not None and (user is None or p["user"] == user)]


def parse_entry(line: bytes) -> QueryPlan | None:
    """One jsonlog line to a plan, or None when it is not an auto_explain entry."""
    try:
        entry = json.loads(line)
    except ValueError:
        return None
    message = entry.get("message") if isinstance(entry, dict) else None
    match = _PLAN_MESSAGE.match(message) if isinstance(message, str) else None
    if match is None:
        return None
    try:
        explained = json.loads(match["json"])
        duration = float(match["ms"])
    except ValueError:
        return None
    plan = explained.get("Plan") if isinstance(explained, dict) else None
    if not isinstance(plan, dict):
        return None
    query = explained.get("Query Text")
    return QueryPlan(
        query=query if isinstance(query, str) else "",
        plan=plan,
        duration_ms=duration,
        user=str(entry.get("user", "")),
    )


def walk(plan: dict[str, Any]) -> list[dict[str, Any]]:
    """Every node of a plan tree, depth first (the root first)."""
    nodes = [plan]
    for child in plan.get("Plans", []):
        if isinstance(child, dict):
            nodes.extend(walk(child))
    return nodes
