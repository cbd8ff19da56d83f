"""How a report's checks become scores: shares, blocked checks, skills not assessed, red flags and caps.

The policy is written for hiring teams and candidates in docs/scoring.md; this module is its one
implementation. Invariants:

* a check's share of the overall is its suite's weight times its weight within the suite;
* a blocked check takes no part; its root cause counts once, as one failed check weighted like the
  heaviest check it blocks, in that check's suite and skill;
* only the skills the challenge declares are assessed; every other check takes no part in the
  overall, and its skill reads None ("not assessed");
* each red flag caps its skill; the overall is capped by how many skills carry red flags (one fault
  seen by a check and by a rule is one skill, not two faults).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from assay.grading.report import Check, Report

# A skill with a critical fault can score at most this: below any pass mark a hiring team would set.
SKILL_CAP = 40.0
# The overall with critical faults in one skill, then in two or more: never within reach of a sound solution.
OVERALL_CAPS = (70.0, 50.0)


@dataclass(frozen=True)
class Entry:
    """One scored unit: a check, or a root cause standing for the checks it blocked."""

    suite: str
    skill: str
    weight: float
    passed: bool


def entries(report: Report) -> list[Entry]:
    """The scored units of a report, restricted to the skills it assesses."""
    assessed = set(report.assessed)
    units = [Entry(c.suite, c.skill, c.weight, c.passed) for c in report.checks if c.outcome != "blocked"]
    for cause in report.root_causes:
        heaviest = _heaviest(report, cause.blocks)
        if heaviest is not None:
            units.append(Entry(heaviest.suite, heaviest.skill, heaviest.weight, False))
    return [u for u in units if u.skill in assessed]


def _heaviest(report: Report, ids: list[str]) -> Check | None:
    blocked = [c for c in report.checks if c.id in set(ids)]
    return max(blocked, key=lambda c: c.weight, default=None)


def shares(report: Report) -> list[tuple[Entry, float]]:
    """Each unit with its share of the overall; a suite without units or without weight has none."""
    units = entries(report)
    totals: dict[str, float] = {}
    for unit in units:
        totals[unit.suite] = totals.get(unit.suite, 0.0) + unit.weight
    result = []
    for unit in units:
        suite_weight = report.suite_weights.get(unit.suite, 0.0)
        if totals[unit.suite] > 0 and suite_weight > 0:
            result.append((unit, suite_weight * unit.weight / totals[unit.suite]))
    return result


def percent(pairs: list[tuple[Entry, float]]) -> float | None:
    total = sum(share for _, share in pairs)
    if total <= 0:
        return None
    return round(100 * sum(share for unit, share in pairs if unit.passed) / total, 1)


def skill_scores(report: Report) -> dict[str, float | None]:
    """Per assessed skill, capped by its red flags; None for a skill not assessed."""
    from assay.grading.report import SKILLS

    pairs = shares(report)
    flagged = {flag.skill for flag in report.red_flags}
    scores: dict[str, float | None] = {}
    for skill in SKILLS:
        if skill not in report.assessed:
            scores[skill] = None
            continue
        value = percent([p for p in pairs if p[0].skill == skill])
        scores[skill] = min(value, SKILL_CAP) if value is not None and skill in flagged else value
    return scores


def overall(report: Report) -> float:
    """0 to 100, capped by the red flags. A suite whose checks could not run counts them as not passed."""
    value = percent(shares(report)) or 0.0
    flags = len({flag.skill for flag in report.red_flags})
    if flags:
        value = min(value, OVERALL_CAPS[min(flags, len(OVERALL_CAPS)) - 1])
    return value


def suite_scores(report: Report) -> dict[str, float | None]:
    from assay.grading.report import SUITES

    pairs = shares(report)
    return {suite: percent([p for p in pairs if p[0].suite == suite]) for suite in SUITES}
