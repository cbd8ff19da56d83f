"""`assay challenges validate` prints, per analyzer, its recall on the flaws' expected findings and its false flags."""

from __future__ import annotations

import io
import re
from dataclasses import replace

from rich.console import Console

from assay.challenges.package import load_package
from assay.grading.report import Finding
from assay.grading.validation import Subject, Verdict, judge
from assay.grading.validation_render import print_results
from tests.challenges.test_validation import ITEMS, report

PASSED = [("test_items.py::test_missing_name_is_422", "server_logic", "passed")]
FAILED = [("test_items.py::test_missing_name_is_422", "server_logic", "failed")]


def _printed(verdicts: list[Verdict]) -> dict[str, list[str]]:
    out = io.StringIO()
    print_results(Console(file=out, width=200), verdicts, [])
    table = out.getvalue().split("Analyzers", 1)[1]
    rows = {}
    for line in table.splitlines():
        cells = [c.strip() for c in re.split(r"[│┃]", line)][1:-1]
        if cells and cells[0] and cells[0] != "analyzer":
            rows[cells[0]] = cells[1:]
    return rows


def test_recall_counts_the_expected_findings_raised_and_false_flags_the_serious_ones_on_references() -> None:
    package = load_package(ITEMS)
    seeded = replace(package.seeded[0], must_find=("security.sql_injection", "db.missing_index"))
    flawed = replace(package.flawed[0], must_find=("security.sql_injection",))
    verdicts = [
        judge("items-api", Subject("solution", "python", "python"), report(PASSED, ("security.weak_password_hash",))),
        judge("items-api", Subject("alternative", "python-compact", "python"), report(PASSED)),
        judge(
            "items-api", Subject("flawed", flawed.name, "python", flawed), report(FAILED, ("security.sql_injection",))
        ),
        judge(
            "items-api", Subject("seeded", seeded.name, "python", seeded), report(FAILED, ("security.sql_injection",))
        ),
    ]
    rows = _printed(verdicts)
    assert rows["security"] == ["2 of 2 (100%)", "1 on 2 reference(s)", "ok"]
    assert rows["db"] == ["0 of 1 (0%)", "0 on 2 reference(s)", "BELOW AIM"]


def test_two_serious_findings_on_one_reference_are_below_the_aim() -> None:
    flags = ("security.weak_password_hash", "security.code_injection")
    verdicts = [judge("items-api", Subject("solution", "python", "python"), report(PASSED, flags))]
    rows = _printed(verdicts)
    assert rows["security"] == ["—", "2 on 1 reference(s)", "BELOW AIM"]
    assert rows["rest"] == ["—", "0 on 1 reference(s)", "ok"]


def test_every_analyzer_has_a_row_even_when_no_flaw_exercises_it() -> None:
    verdicts = [judge("items-api", Subject("solution", "python", "python"), report(PASSED))]
    rows = _printed(verdicts)
    expected = {"layering", "rest", "input", "errors", "auth", "transactions", "tests", "security", "db", "perf"}
    assert expected <= set(rows)
    assert all(row == ["—", "0 on 1 reference(s)", "ok"] for row in rows.values())


def test_a_medium_finding_on_a_reference_is_a_false_flag_and_a_low_observation_is_not() -> None:
    found = report(PASSED)
    found.findings = [
        Finding("rest.create_not_201", "api_design", "medium", "POST /rooms answers 200"),
        Finding("layering.sql_in_handler", "server_logic", "low", "handlers run SQL"),
    ]
    rows = _printed([judge("items-api", Subject("solution", "python", "python"), found)])
    assert rows["rest"] == ["—", "1 on 1 reference(s)", "ok"]
    assert rows["layering"] == ["—", "0 on 1 reference(s)", "ok"]
