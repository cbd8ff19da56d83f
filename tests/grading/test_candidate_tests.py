"""Reading the candidate's own test runner's summary, whichever runner and order it prints."""

import pytest

from assay.grading.stages.candidate_tests import counts


@pytest.mark.parametrize(
    ("output", "expected"),
    [
        ("collected 7 items\n...\n====== 6 failed, 1 passed in 0.31s ======\n", {"passed": 1, "failed": 6}),
        ("....... \n7 passed in 0.20s\n", {"passed": 7}),
        ("# tests 7\n# suites 0\n# pass 5\n# fail 2\n", {"passed": 5, "failed": 2}),
        ("[INFO] Tests run: 12, Failures: 1, Errors: 0, Skipped: 0\n", {"passed": 11, "failed": 1}),
        ("[ERROR] Tests run: 4, Failures: 1, Errors: 1, Skipped: 0\n", {"passed": 2, "failed": 2}),
        ("Tests:       1 failed, 5 passed, 6 total\nTime: 1.2 s\n", {"passed": 5, "failed": 1}),
        ("  ✓ lists articles\n\n  5 passing (20ms)\n  1 failing\n", {"passed": 5, "failed": 1}),
        (
            "......\n------\nRan 6 tests in 0.031s\n\nOK\n",
            {"passed": 6},
        ),
        ("Ran 6 tests in 0.2s\n\nFAILED (failures=1, errors=2)\n", {"passed": 3, "failed": 3}),
        ("=== RUN   TestA\n--- PASS: TestA (0.00s)\n--- FAIL: TestB (0.01s)\nFAIL\n", {"passed": 1, "failed": 1}),
        ("make: *** [test] Error 1\n", {}),
    ],
    ids=[
        "pytest-failed-first",
        "pytest-all-passed",
        "node-test",
        "maven-surefire",
        "maven-errors",
        "jest",
        "mocha",
        "django-unittest-ok",
        "django-unittest-failed",
        "go-test-v",
        "no-summary",
    ],
)
def test_counts(output: str, expected: dict[str, int]) -> None:
    assert counts(output) == expected
