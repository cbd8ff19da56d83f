"""Scores per suite, skill and overall, and the published schema of the report."""

from __future__ import annotations

import json
from dataclasses import asdict
from pathlib import Path

import jsonschema

from assay.grading.report import Check, Finding, Report, RootCause, StageReport, json_schema
from assay.grading.scoring import OVERALL_CAPS, SKILL_CAP

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


# --- version 2: blocked checks, skills not assessed, red flags and caps, incompleteness -----------------


def _blocked(name: str, skill: str, weight: float, cause: str = "article") -> Check:
    return Check(f"hidden_tests.{name}", "hidden_tests", name, skill, weight, "blocked", blocked_by=cause)


def _v2(*checks: Check, causes: list[RootCause] | None = None, assessed: list[str] | None = None) -> Report:
    report = _report(*checks, weights={"hidden_tests": 100})
    report.root_causes = causes or []
    report.assessed_skills = assessed if assessed is not None else ["api_design", "server_logic", "security"]
    return report


def test_a_root_cause_counts_once_like_the_heaviest_check_it_blocks_in_that_checks_skill() -> None:
    blocked = [_blocked(f"b{n}", "security" if n == 0 else "server_logic", 3 if n == 0 else 1) for n in range(10)]
    cause = RootCause("article", "could not create an article: POST /api/articles answered 422", "security")
    cause.blocks = [c.id for c in blocked]
    report = _v2(_check("hidden_tests", "api_design", 3, True, "a"), *blocked, causes=[cause])

    # 3 passed of 3 + 3 (the cause, weighted like the heaviest blocked check): 50, not 3 of 15 (20).
    assert report.score == 50.0
    assert report.skills["security"] == 0.0, "the cause counts in the heaviest blocked check's skill"
    assert report.skills["server_logic"] is None, "blocked checks leave the score"
    data = report.to_dict()
    assert data["root_causes"] == [{**asdict(cause)}]
    assert {c["outcome"] for c in data["checks"][1:]} == {"blocked"}
    assert {c["blocked_by"] for c in data["checks"][1:]} == {"article"}


def test_a_skill_the_challenge_does_not_declare_is_not_assessed_and_leaves_the_overall() -> None:
    report = _v2(
        _check("hidden_tests", "api_design", 1, True, "a"),
        _check("hidden_tests", "integration", 5, False, "b"),
        assessed=["api_design"],
    )
    assert report.skills["integration"] is None, "not assessed, never a number"
    assert report.score == 100.0
    assert report.to_dict()["assessed_skills"] == ["api_design"]


def test_one_critical_failure_caps_its_skill_and_the_overall() -> None:
    checks = [_check("hidden_tests", "security", 1, True, f"s{n}") for n in range(19)]
    leak = Check("hidden_tests.leak", "hidden_tests", "No password hash", "security", 1, "failed", severity="critical")
    report = _v2(*checks, leak, _check("hidden_tests", "api_design", 20, True, "a"))

    assert [(f.kind, f.ref, f.skill) for f in report.red_flags] == [("check", "hidden_tests.leak", "security")]
    assert report.skills["security"] == SKILL_CAP, "95 uncapped; a critical fault keeps the skill below a pass"
    assert report.skills["api_design"] == 100.0
    assert report.score == OVERALL_CAPS[0]


def test_critical_faults_in_two_skills_cap_the_overall_lower_and_a_finding_flags_once_per_rule() -> None:
    flagged = Check("hidden_tests.idor", "hidden_tests", "Cannot read others' data", "server_logic", 1, "failed")
    flagged.severity = "critical"
    report = _v2(_check("hidden_tests", "api_design", 30, True, "a"), flagged)
    report.findings += [
        Finding("security.sql_injection", "security", "critical", "SQL from request", "a.py", line) for line in (3, 9)
    ]
    assert [(f.kind, f.ref) for f in report.red_flags] == [
        ("check", "hidden_tests.idor"),
        ("finding", "security.sql_injection"),
    ]
    assert report.score == OVERALL_CAPS[1]
    assert report.skills["security"] is None, "a finding never makes a skill assessed on its own"


def test_a_critical_check_that_passed_or_was_blocked_is_no_red_flag() -> None:
    passed = Check("hidden_tests.a", "hidden_tests", "a", "security", 1, "passed", severity="critical")
    blocked = Check("hidden_tests.b", "hidden_tests", "b", "security", 1, "blocked", severity="critical")
    assert _v2(passed, blocked).red_flags == []


def test_an_incomplete_report_says_why_and_survives_json() -> None:
    report = _v2(_check("static", "security", 1, False))
    report.mark_incomplete("Static checks: the semgrep analyzer failed inside Assay")
    report.mark_incomplete("Static checks: the semgrep analyzer failed inside Assay")
    data = json.loads(json.dumps(report.to_dict()))
    jsonschema.validate(data, json_schema())
    again = Report.from_dict(data)
    assert (again.incomplete, again.incomplete_reasons) == (
        True,
        ["Static checks: the semgrep analyzer failed inside Assay"],
    )


def test_a_version_1_report_still_loads_and_scores_as_it_did() -> None:
    v1 = {
        "challenge": "tiny",
        "challenge_version": "abc",
        "stack": "python",
        "version": 1,
        "stages": [],
        "checks": [
            {
                "id": "h.a",
                "suite": "hidden_tests",
                "name": "a",
                "skill": "api_design",
                "weight": 3,
                "outcome": "passed",
            },
            {"id": "h.b", "suite": "hidden_tests", "name": "b", "skill": "security", "weight": 1, "outcome": "failed"},
        ],
        "findings": [{"rule": "r", "skill": "security", "severity": "high", "message": "m"}],
        "suite_weights": {"hidden_tests": 100},
    }
    report = Report.from_dict(v1)
    assert (report.version, report.score, report.incomplete, report.root_causes) == (1, 75.0, False, [])
    assert report.skills["security"] == 0.0 and report.skills["database"] is None
    assert report.checks[0].severity == "medium" and report.findings[0].excerpt == ""
