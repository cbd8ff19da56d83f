"""Scores per suite, skill and overall, and the published schema of the report."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema

from assay.grading.report import Check, Finding, Report, StageReport, json_schema

SCHEMA_FILE = Path(__file__).parents[2] / "docs" / "report-schema.json"


def _check(suite: str, skill: str, weight: float, passed: bool, name: str = "c") -> Check:
    return Check(f"{suite}.{name}", suite, name, skill, weight, "passed" if passed else "failed")


def _report(*checks: Check, weights: dict[str, float] | None = None) -> Report:
    report = Report("tiny", "abc", "python", suite_weights=weights or {"hidden_tests": 80, "static": 20})
    report.checks.extend(checks)
    return report


def test_a_check_counts_by_its_suite_weight_times_its_share_of_the_suite() -> None:
    report = _report(
        _check("hidden_tests", "api_design", 3, True, "a"),
        _check("hidden_tests", "server_logic", 1, False, "b"),
        _check("static", "security", 1, True, "c"),
    )
    # hidden: 80 * 3/4 passed = 60; static: 20 * 1/1 = 20 -> 80 of 100
    assert report.score == 80.0
    assert report.suites["hidden_tests"] == 75.0 and report.suites["static"] == 100.0
    assert report.skills["api_design"] == 100.0 and report.skills["server_logic"] == 0.0
    assert report.skills["database"] is None, "a skill without checks is not assessed, not zero"


def test_a_suite_without_checks_does_not_count_and_a_zero_weight_suite_never_does() -> None:
    report = _report(
        _check("hidden_tests", "api_design", 1, True),
        _check("candidate_tests", "integration", 1, False),
        weights={"hidden_tests": 50, "database": 50, "candidate_tests": 0},
    )
    assert report.score == 100.0
    assert report.skills["integration"] is None


def test_an_empty_report_scores_zero() -> None:
    assert _report().score == 0.0


def test_the_json_form_round_trips_and_matches_the_published_schema() -> None:
    report = _report(_check("hidden_tests", "api_design", 1, True), _check("static", "security", 1, False))
    report.findings.append(Finding("security.sql_injection", "security", "high", "f-string SQL", "app.py", 3, "bandit"))
    report.stages.append(StageReport("snapshot", "Snapshot", "passed", "Copied 3 files.", 0.1))
    data = json.loads(json.dumps(report.to_dict()))
    jsonschema.validate(data, json_schema())
    again = Report.from_dict(data)
    assert again.score == report.score and again.findings == report.findings and again.stages == report.stages


def test_docs_report_schema_is_current() -> None:
    published = json.loads(SCHEMA_FILE.read_text())
    assert published == json.loads(json.dumps(json_schema())), (
        "regenerate: assay report_schema > docs/report-schema.json"
    )
