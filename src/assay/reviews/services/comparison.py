"""An assessment's candidates side by side: skills, hidden checks, red flags, time, scorecards, decision."""

from __future__ import annotations

import csv
import io
from typing import Any

from assay.accounts.access import Actor
from assay.assessments import identity
from assay.assessments.models import Assessment, Candidate
from assay.grading import services as grading
from assay.grading.report import SKILLS
from assay.reviews.services import decisions, scorecards

SORT_KEYS = ("name", "state", "score", *SKILLS, "hidden", "red_flags", "minutes", "scorecard", "decision")
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
CSV_COLUMNS = (
    "name",
    "state",
    "score",
    *SKILLS,
    "hidden_passed",
    "hidden_total",
    "red_flags",
    "minutes_used",
    "scorecard_average",
    "scorecards",
    "decision",
)


def _hidden(report: dict[str, Any]) -> tuple[int, int]:
    checks = [c for c in report.get("checks") or [] if c.get("suite") == "hidden_tests"]
    return sum(1 for c in checks if c.get("outcome") == "passed"), len(checks)


def _report(candidate: Candidate) -> dict[str, Any]:
    run = grading.latest_run(candidate.submission) if candidate.submission else None
    return grading.report_of(run) if run else {}


def rows(actor: Actor, assessment: Assessment) -> list[dict[str, Any]]:
    """One row per candidate who submitted, named as ``actor`` may see them."""
    candidates = identity.mask(
        actor, assessment.candidates.filter(submission__isnull=False).select_related("submission")
    )
    cards = scorecards.submitted_averages([c.submission_id for c in candidates if c.submission_id])
    decided = decisions.current([c.pk for c in candidates])
    found = []
    for candidate in candidates:
        report = _report(candidate)
        passed, total = _hidden(report)
        average, count = cards.get(candidate.submission_id or 0, (None, 0))
        decision = decided.get(candidate.pk)
        skills = report.get("skills") or {}
        found.append(
            {
                "candidate": candidate,
                "id": candidate.pk,
                "submission_id": candidate.submission_id,
                "name": candidate.name,
                "state": candidate.state,
                "score": report.get("score"),
                "skills": {s: skills.get(s) for s in SKILLS},
                "hidden_passed": passed,
                "hidden_total": total,
                "red_flags": len(report.get("red_flags") or []),
                "minutes": candidate.minutes_used,
                "scorecard": average,
                "scorecards": count,
                "decision": decision.outcome if decision else "",
            }
        )
    return found


def sort(found: list[dict[str, Any]], key: str, descending: bool) -> list[dict[str, Any]]:
    """Sorted by ``key``; rows without a value go last either way."""
    if key not in SORT_KEYS:
        key = "name"

    def value(row: dict[str, Any]) -> Any:
        if key in SKILLS:
            return row["skills"].get(key)
        return row["hidden_passed"] if key == "hidden" else row[key]

    present = [r for r in found if value(r) not in (None, "")]
    missing = [r for r in found if value(r) in (None, "")]
    as_text = key in ("name", "state", "decision")
    present.sort(key=lambda r: str(value(r)).lower() if as_text else value(r), reverse=descending)
    return present + missing


def inert(cell: object) -> str:
    """A cell a spreadsheet never reads as a formula: text starting with = + - @ tab or CR gets a ' first."""
    text = "" if cell is None else str(cell)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def _number(value: float | None) -> str:
    return "" if value is None else f"{value:.1f}"


def to_csv(found: list[dict[str, Any]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(CSV_COLUMNS)
    for row in found:
        values = [row["name"], row["state"], _number(row["score"])]
        values += [_number(row["skills"][s]) for s in SKILLS]
        values += [row["hidden_passed"], row["hidden_total"], row["red_flags"], row["minutes"]]
        values += [_number(row["scorecard"]), row["scorecards"], row["decision"]]
        writer.writerow([inert(v) for v in values])
    return out.getvalue()
