"""A bounded load probe against the running service, judged against the reference solution on this machine."""

from __future__ import annotations

from typing import Any

import psycopg

from assay.grading.context import GradingContext
from assay.grading.report import Check, Evidence, Finding, Outcome, StageReport, StageStatus
from assay.grading.stages._common import skipped
from assay.grading.trusted import json_answer, run_module

NAME = "load"
TITLE = "Load probe"
SUITE = "load"
WARMUP_REQUESTS = 20
ROUNDS = 2
TIME_LIMIT_SECONDS = 60
# Without a reference measurement (a challenge without a solution for any stack) these absolute bounds apply.
FALLBACK = {"p95_ms": 250.0, "throughput": 50.0, "queries_per_request": 5.0}


def _queries(ctx: GradingContext, reset: bool = False) -> int | None:
    if ctx.postgres is None:
        return None
    with psycopg.connect(ctx.postgres.trusted_conninfo(), autocommit=True) as conn:
        if reset:
            conn.execute("SELECT pg_stat_statements_reset()")
            return 0
        row = conn.execute(
            "SELECT coalesce(sum(calls), 0) FROM pg_stat_statements s JOIN pg_database d ON d.oid = s.dbid "
            "WHERE d.datname = 'app' AND s.query NOT ILIKE '%%pg_stat_statements%%'"
        ).fetchone()
        return int(row[0]) if row else 0


def measure(ctx: GradingContext) -> dict[str, Any] | None:
    """Warm up, then run the probe; also count database queries per request when there is a database."""
    probe = ctx.package.load
    assert probe is not None
    url = f"{ctx.base_url}{probe.path}"
    if ctx.postgres is not None:
        ctx.postgres.log_plans(False)  # logging every plan would slow the service down under load
    run_module(ctx, "assay.grading.probes.load", url, probe.method, str(WARMUP_REQUESTS), "2", "20")
    args = (url, probe.method, str(probe.requests), str(probe.concurrency), str(TIME_LIMIT_SECONDS))
    # The best of two rounds: a round slowed by another process on the machine says nothing of the service.
    rounds = []
    for _ in range(ROUNDS):
        _queries(ctx, reset=True)
        answer = json_answer(run_module(ctx, "assay.grading.probes.load", *args))
        if answer is None:
            continue
        queries = _queries(ctx)
        if queries is not None and answer["completed"]:
            answer["queries_per_request"] = round(queries / answer["completed"], 2)
        rounds.append(answer)
    return min(rounds, key=lambda a: (a["error_rate"], a["p95_ms"])) if rounds else None


def run(ctx: GradingContext) -> StageReport:
    probe = ctx.package.load
    if probe is None:
        return skipped(NAME, TITLE, "this challenge has no load probe")
    if ctx.calibrating:
        ctx.calibration = measure(ctx) if ctx.ready else None
        return StageReport(NAME, TITLE, "passed", "Measured the reference solution.", data=ctx.calibration or {})
    if not ctx.ready:
        ctx.report.checks.extend(_failed_checks("The service was not running."))
        return skipped(NAME, TITLE, "the service is not running")
    answer = ctx.calibration = measure(ctx)  # a reference solution's own figures may become the calibration
    if answer is None:
        return StageReport(NAME, TITLE, "error", "The load probe did not produce a result (a platform fault).")
    reference = ctx.reference_load() or {}
    checks = judge(answer, reference)
    ctx.report.checks.extend(checks)
    for check in checks:
        if check.id == "load.queries_per_request" and not check.passed:
            finding = Finding("perf.n_plus_one", "performance", "medium", check.message, tool="assay")
            figures = {k: answer[k] for k in ("queries_per_request", "completed") if k in answer}
            request = {
                "request": f"{probe.method} {probe.path}",
                "reference_queries": reference.get("queries_per_request"),
            }
            finding.evidence = [Evidence(kind="load", data={**request, **figures})]
            ctx.report.findings.append(finding)
    summary = (
        f"{answer['completed']} × {probe.method} {probe.path} at concurrency {probe.concurrency}: "
        f"{answer['throughput']:.0f} requests/s, p50 {answer['p50_ms']:.1f} ms, p95 {answer['p95_ms']:.1f} ms, "
        f"p99 {answer['p99_ms']:.1f} ms, {answer['error_rate']:.1%} errors."
    )
    if not reference:
        summary += " The reference solution is not measured on this machine yet: absolute bounds applied."
    status: StageStatus = "passed" if all(c.passed for c in checks) else "failed"
    return StageReport(NAME, TITLE, status, summary, data={"result": answer, "reference": reference})


# id -> (what a reviewer reads, weight); all of skill performance.
CHECKS = {
    "load.no_errors": ("No errors under concurrent load", 2),
    "load.latency_p95": ("95th percentile latency close to the reference", 1),
    "load.throughput": ("Throughput close to the reference", 1),
    "load.queries_per_request": ("A constant number of queries per request (no N+1)", 2),
}


def _check(check_id: str, passed: bool, message: str, evidence: list[Evidence] | None = None) -> Check:
    name, weight = CHECKS[check_id]
    outcome: Outcome = "passed" if passed else "failed"
    return Check(check_id, SUITE, name, "performance", weight, outcome, message, evidence=evidence or [])


def judge(answer: dict[str, Any], reference: dict[str, Any]) -> list[Check]:
    """Generous bounds relative to the reference: a check flips only on a real difference, not on noise."""
    ref_p95 = reference.get("p95_ms") or FALLBACK["p95_ms"] / 3
    ref_rps = reference.get("throughput") or FALLBACK["throughput"] * 3
    # Bounds wide enough that a busy machine does not flip them; a service this much slower has a real problem.
    p95_bound = 5 * ref_p95 + 50
    rps_bound = ref_rps / 5
    evidence = [Evidence(kind="load", data={"result": answer, "reference": reference})]
    # Speed measured on failing responses says nothing: an endpoint that answers 501 fast is not fast.
    healthy = answer["error_rate"] <= 0.01
    note = "" if healthy else " Not judged: too many requests failed."
    checks = [
        _check(
            "load.no_errors",
            healthy,
            f"{answer['errors']} of {answer['completed']} requests failed: {answer['statuses']}",
            evidence,
        ),
        _check(
            "load.latency_p95",
            healthy and answer["p95_ms"] <= p95_bound,
            f"p95 {answer['p95_ms']:.1f} ms; the reference solution's is {ref_p95:.1f} ms on this machine "
            f"(bound {p95_bound:.1f} ms).{note}",
        ),
        _check(
            "load.throughput",
            healthy and answer["throughput"] >= rps_bound,
            f"{answer['throughput']:.0f} requests/s; the reference solution's is {ref_rps:.0f} on this machine "
            f"(bound {rps_bound:.0f}).{note}",
        ),
    ]
    if "queries_per_request" in answer:
        ref_q = reference.get("queries_per_request") or FALLBACK["queries_per_request"] / 2
        bound = max(2 * ref_q, ref_q + 2)
        checks.append(
            _check(
                "load.queries_per_request",
                answer["queries_per_request"] <= bound,
                f"{answer['queries_per_request']} database queries per request; the reference makes "
                f"{ref_q} (bound {bound}). Many queries per request usually means one query per listed item.",
            )
        )
    return checks


def not_run(ctx: GradingContext, why: str) -> list[Check]:
    """The probe's checks, as errors when it failed inside Assay: the suite keeps its weight."""
    if ctx.package.load is None:
        return []
    checks = _failed_checks(why)
    for check in checks:
        check.outcome = "error"
    return checks


def _failed_checks(why: str) -> list[Check]:
    return [_check(check_id, False, why) for check_id in ("load.no_errors", "load.latency_p95", "load.throughput")]
