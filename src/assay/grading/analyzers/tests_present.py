"""Tests present, what they cover and how much: test cases per file, and the routes no test mentions.

Counts test cases by each stack's conventions (pytest and unittest functions, Jest/Mocha/node:test ``it``/``test``
calls, Go's ``func TestX``, JUnit's ``@Test``) and reads the route paths the code declares, so the reviewer sees
"9 tests in 2 files; no test mentions /bookings" rather than only "has tests".
"""

from __future__ import annotations

import re
from pathlib import Path

from assay.grading.analyzers.inventory import is_test_file
from assay.grading.report import Finding, Severity

NAME = "tests"
TITLE = "Tests"
RULES = ""  # not a semgrep analyzer: it reads the files itself
SUFFIXES = frozenset({".py", ".js", ".mjs", ".cjs", ".ts", ".go", ".java"})
TEST_CASE = re.compile(
    r"^\s*(?:async\s+)?def\s+test_\w*|^\s*(?:it|test)(?:\.\w+)?\s*\(\s*['\"`]|^func\s+Test\w*\(|@Test\b", re.MULTILINE
)
# Route declarations: decorators (FastAPI, Flask), Express routers and Go muxes; the path is the first argument.
ROUTE = re.compile(
    r"""(?:@\w+\.(?:get|post|put|patch|delete|route)|\b\w+\.(?:get|post|put|patch|delete)|HandleFunc|Handle)"""
    r"""\(\s*["'`](?:[A-Z]+\s+)?(/[^"'`]*)["'`]"""
)
# What a test uses to check something: assert/assertX/Assertions, expect(...), Go's t.Error/t.Fatal, testify's
# require, should-style chains, pytest.raises, Mockito's verify, MockMvc's andExpect.
ASSERTION = re.compile(
    r"\bassert|\bexpect\s*\(|\bt\.(?:Error|Errorf|Fatal|Fatalf|Fail|FailNow)\b|\brequire\.|\.should\b|"
    r"pytest\.raises|\bverify\s*\(|andExpect\s*\(|\bfail\s*\("
)
QUESTIONS = {
    "tests.none": (
        "The repository has no tests of its own: which behaviour of this service would you test first, and how?"
    ),
    "tests.no_cases": "{message} What did you mean these files to test, and what stopped you?",
    "tests.no_assertions": (
        "{where}: {message} What would make one of these tests fail, and which behaviour should it pin down?"
    ),
    "tests.untested_routes": (
        "{message} How do you know these routes work, and which case of theirs would you test first?"
    ),
}


def scan(root: Path, files: list[Path]) -> list[Finding]:
    code = [p for p in files if p.suffix in SUFFIXES]
    tests = [p for p in code if is_test_file(str(p.relative_to(root)))]
    if not code:
        return []
    if not tests:
        return [_finding("tests.none", "medium", "No test files were found in the repository.")]
    texts = {str(p.relative_to(root)): p.read_text("utf-8", "replace") for p in tests}
    cases = {path: len(TEST_CASE.findall(text)) for path, text in texts.items()}
    total = sum(cases.values())
    if not total:
        listed = ", ".join(sorted(texts)[:5])
        return [_finding("tests.no_cases", "medium", f"Test files are present ({listed}) but hold no test case.")]
    hollow = _without_assertions(texts, cases)
    untested = _untested_routes(root, [p for p in code if p not in tests], "\n".join(texts.values()), total, len(tests))
    return hollow + untested


def _without_assertions(texts: dict[str, str], cases: dict[str, int]) -> list[Finding]:
    """The test files whose cases check nothing: they pass whatever the code does."""
    findings = []
    for path, text in texts.items():
        first = TEST_CASE.search(text)
        if first is None or ASSERTION.search(text):
            continue
        # The pattern's leading \s* may start on a blank line above the case: count from its first word.
        start = first.start() + len(first.group(0)) - len(first.group(0).lstrip())
        line = text.count("\n", 0, start) + 1
        message = f"{path} has {cases[path]} test case(s) and not one assertion: they pass whatever the code does."
        findings.append(_finding("tests.no_assertions", "medium", message, path, line))
    return findings


def _untested_routes(root: Path, sources: list[Path], tests: str, total: int, files: int) -> list[Finding]:
    """The collections whose path (its first segment) appears in no test file."""
    first_segments: dict[str, tuple[str, int]] = {}
    for path in sources:
        text = path.read_text("utf-8", "replace")
        for match in ROUTE.finditer(text):
            segment = match.group(1).strip("/").split("/", 1)[0]
            if segment and not segment.startswith((":", "{", "<")):
                line = text.count("\n", 0, match.start()) + 1
                first_segments.setdefault(segment, (str(path.relative_to(root)), line))
    untested = sorted(s for s in first_segments if f"/{s}" not in tests)
    if not untested:
        return []
    where, line = first_segments[untested[0]]
    named = ", ".join(f"/{s}" for s in untested)
    message = f"{total} test case(s) in {files} file(s), but no test mentions {named}."
    return [_finding("tests.untested_routes", "low", message, where, line)]


def _finding(rule: str, severity: Severity, message: str, path: str = "", line: int | None = None) -> Finding:
    return Finding(rule, "integration", severity, message, path=path, line=line, tool="assay")
