"""Every finding comes with a question for the interview that quotes the candidate's own code."""

from __future__ import annotations

from pathlib import Path

from assay.grading import questions
from assay.grading.report import Check, Evidence, Report
from assay.grading.stages.static import analyze

PY_INJECTION = """
def find(cursor, tag):
    cursor.execute(f"SELECT * FROM articles WHERE tag = '{tag}'")
"""


def _report(root: Path) -> Report:
    report = Report("realworld-api", "test", "python", findings=analyze(root).findings)
    questions.ask(report)
    return report


def test_a_sql_injection_question_names_the_file_line_and_the_code_and_a_value_to_try(tmp_path: Path) -> None:
    (tmp_path / "articles.py").write_text(PY_INJECTION)
    report = _report(tmp_path)
    injection = next(f for f in report.findings if f.rule == "security.sql_injection")
    assert injection.question.startswith("`articles.py:3` builds SQL text from a request value (`cursor.execute(")
    assert "`x' OR '1'='1`" in injection.question
    again = Report.from_dict(report.to_dict())
    assert [f.question for f in again.findings] == [f.question for f in report.findings], "stored and read back"


def test_every_finding_gets_a_question_and_a_secret_stays_masked_in_it(tmp_path: Path) -> None:
    key = "AKIA" + "ABCDEFGHIJKLMNOP"
    (tmp_path / "settings.py").write_text(f'AWS_KEY = "{key}"\nimport os\nprint(undefined_name)\n')
    report = _report(tmp_path)
    assert {"secrets.hardcoded", "lint.F821"} <= {f.rule for f in report.findings}
    assert all(f.question for f in report.findings)
    secret = next(f for f in report.findings if f.rule == "secrets.hardcoded")
    assert "`settings.py:1`" in secret.question and "[redacted]" in secret.question
    assert key not in str(report.to_dict())


def test_a_failed_critical_check_is_asked_about_by_its_request_and_a_passed_one_is_not() -> None:
    exchange = {
        "request": {"method": "DELETE", "url": "http://127.0.0.1:8080/articles/a-1?x=1"},
        "response": {"status": 204},
    }
    failed = Check(
        "hidden.non_author_cannot_delete",
        "hidden_tests",
        "A non-author cannot delete",
        "security",
        2,
        "failed",
        "The article was deleted.",
        evidence=[Evidence("http", exchange)],
        severity="critical",
    )
    passed = Check(
        "hidden.author_deletes", "hidden_tests", "An author deletes", "server_logic", 1, "passed", severity="critical"
    )
    report = Report("realworld-api", "test", "python", checks=[failed, passed])
    questions.ask(report)
    assert failed.question.startswith("`DELETE /articles/a-1?x=1` answered HTTP 204 and the check")
    assert "The article was deleted." in failed.question
    assert passed.question == ""


def test_a_version_2_report_written_before_questions_still_loads(tmp_path: Path) -> None:
    data = Report("tiny-api", "test", "python").to_dict()
    data["findings"] = [{"rule": "lint.F821", "skill": "server_logic", "severity": "medium", "message": "x"}]
    data["checks"] = [
        {"id": "c", "suite": "static", "name": "n", "skill": "security", "weight": 1.0, "outcome": "passed"}
    ]
    loaded = Report.from_dict(data)
    assert loaded.findings[0].question == "" and loaded.findings[0].evidence == []
    assert loaded.checks[0].question == ""
