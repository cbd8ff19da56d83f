"""Running the candidate's queries and the hidden reference queries, and comparing their answers.

Each query runs in a READ ONLY transaction that is rolled back, so a query file cannot change the
data the next test sees. Results are kept per session: the result test, the plan test and the
timing test of one question share the first run.
"""

from __future__ import annotations

import datetime as dt
import statistics
import time
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

import psycopg

RESULT_TIMEOUT_MS = 60_000
TIMING_RUNS = 3  # each side; the first is the run the result test already made
RUNTIME_FACTOR = 3.0
RUNTIME_SLACK = 0.05  # seconds: client round trips and noise on queries that take milliseconds


def runtime_limit(reference_seconds: float) -> float:
    return RUNTIME_FACTOR * reference_seconds + RUNTIME_SLACK


@dataclass
class Result:
    columns: list[str] = field(default_factory=list)
    rows: list[tuple[Any, ...]] = field(default_factory=list)
    seconds: float = 0.0
    error: str | None = None


def normalise(value: Any) -> Any:
    """Compare numbers by value (bigint, numeric) and a midnight timestamp as its date."""
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, int | Decimal):
        return Decimal(value).normalize()
    if isinstance(value, float):
        return Decimal(repr(value)).normalize()
    if isinstance(value, dt.datetime) and value.tzinfo is None and value.time() == dt.time(0):
        return value.date()
    return value


def normalise_row(row: tuple[Any, ...]) -> tuple[Any, ...]:
    return tuple(normalise(v) for v in row)


def show(value: Any) -> str:
    if isinstance(value, dt.datetime) and value.tzinfo is not None:
        return value.astimezone(dt.UTC).strftime("%Y-%m-%d %H:%M:%S UTC")
    if isinstance(value, Decimal):
        return format(value, "f")
    return str(value)


def show_row(columns: list[str], row: tuple[Any, ...]) -> str:
    return "(" + ", ".join(f"{c}={show(v)}" for c, v in zip(columns, row, strict=False)) + ")"


class Answers:
    def __init__(self, conn: psycopg.Connection[Any], queries_dir: Path, reference_dir: Path) -> None:
        self.conn = conn
        self.queries_dir = queries_dir
        self.reference_dir = reference_dir
        self._reference: dict[str, Result] = {}
        self._candidate: dict[str, Result] = {}

    def file(self, name: str) -> Path:
        return self.queries_dir / f"{name}.sql"

    def candidate_text(self, name: str) -> str | None:
        path = self.file(name)
        if not path.is_file():
            return None
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            return None
        return text if text.strip() else None

    def run(self, text: str, timeout_ms: int) -> Result:
        started = time.perf_counter()
        try:
            with self.conn.transaction(force_rollback=True):
                self.conn.execute("SET TRANSACTION READ ONLY")
                self.conn.execute(f"SET LOCAL statement_timeout = {int(timeout_ms)}")  # type: ignore[arg-type]
                cursor = self.conn.execute(text)  # type: ignore[arg-type]  # the query file, as written
                if cursor.description is None:
                    return Result(error="it returned no rows at all (is it a SELECT?)")
                columns = [c.name for c in cursor.description]
                rows = cursor.fetchall()
        except psycopg.errors.QueryCanceled:
            return Result(error=f"it did not finish within {timeout_ms / 1000:.0f} s", seconds=timeout_ms / 1000)
        except psycopg.Error as exc:
            message = (exc.diag.message_primary or str(exc)).strip()
            return Result(error=f"PostgreSQL refused it: {message}")
        return Result(columns, rows, time.perf_counter() - started)

    def reference(self, name: str) -> Result:
        if name not in self._reference:
            text = (self.reference_dir / f"{name}.sql").read_text(encoding="utf-8")
            result = self.run(text, RESULT_TIMEOUT_MS)
            if result.error:
                raise RuntimeError(f"the reference query {name} failed: {result.error} (a fault of the grader)")
            self._reference[name] = result
        return self._reference[name]

    def candidate(self, name: str) -> Result:
        if name not in self._candidate:
            text = self.candidate_text(name)
            if text is None:
                self._candidate[name] = Result(error=f"queries/{name}.sql is missing, empty or not UTF-8 text")
            else:
                self.reference(name)  # warm the cache for both alike
                self._candidate[name] = self.run(text, RESULT_TIMEOUT_MS)
        return self._candidate[name]

    def timings(self, name: str) -> tuple[float, float, float]:
        """(reference, candidate, limit): median seconds over TIMING_RUNS interleaved runs each.

        Stops early once a candidate run alone exceeds twice the limit: more runs could not
        change the verdict and would only cost time.
        """
        reference_text = (self.reference_dir / f"{name}.sql").read_text(encoding="utf-8")
        candidate_text = self.candidate_text(name) or ""
        ref = [self.reference(name).seconds]
        cand = [self.candidate(name).seconds]
        for _ in range(TIMING_RUNS - 1):
            ref.append(self.run(reference_text, RESULT_TIMEOUT_MS).seconds)
            limit = runtime_limit(statistics.median(ref))
            if cand[-1] > 2 * limit:
                break
            cand.append(self.run(candidate_text, int(4 * limit * 1000)).seconds)
        reference = statistics.median(ref)
        return reference, statistics.median(cand), runtime_limit(reference)

    def plan(self, name: str) -> dict[str, Any]:
        text = self.candidate_text(name) or ""
        with self.conn.transaction(force_rollback=True):
            self.conn.execute("SET TRANSACTION READ ONLY")
            row = self.conn.execute("EXPLAIN (FORMAT JSON) " + text).fetchone()  # type: ignore[operator]
        assert row is not None
        document = row[0]
        plan: dict[str, Any] = document[0]["Plan"]
        return plan


def walk(node: dict[str, Any]) -> list[dict[str, Any]]:
    nodes = [node]
    for child in node.get("Plans", []):
        nodes += walk(child)
    return nodes


def full_scans(plan: dict[str, Any], tables: tuple[str, ...]) -> list[str]:
    return sorted(
        {
            node["Relation Name"]
            for node in walk(plan)
            if node.get("Node Type") in ("Seq Scan", "Parallel Seq Scan") and node.get("Relation Name") in tables
        }
    )
