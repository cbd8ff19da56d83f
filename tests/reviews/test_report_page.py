"""The report page: a reviewer reads the scores, the failing test's exchange, findings and stages."""

from __future__ import annotations

from collections.abc import Callable

from django.urls import reverse

from assay.grading import questions
from assay.grading.report import Evidence, Finding, StageReport
from assay.submissions.models import Submission
from tests.conftest import Team
from tests.reviews.conftest import grade, make_submission, sample_report


def test_a_viewer_reads_the_skill_chart_and_a_failing_tests_request_and_response(
    team: Team, graded: Callable[..., Submission]
) -> None:
    submission = graded(team.organization)
    page = team.client("viewer").get(reverse("reviews:report", args=[submission.pk]))
    body = page.content.decode()
    assert page.status_code == 200
    assert "<svg" in body and "Score per skill" in body
    assert "not assessed" in body, "tiny-api assesses two skills; the others say so"
    assert body.count("<td>not assessed</td>") == 4, "the skill table names all six skills"
    assert "POST /items" in body and "501" in body and "{&quot;detail&quot;: &quot;nope&quot;}" in body
    assert "Creating an item answers 201 with the item" in body
    assert "hidden.test_create_item_returns_201" in body
    assert f"{reverse('reviews:file', args=[submission.pk])}?path=app.py#L12" in body
    assert "pip install done" in body


def test_a_version_2_report_shows_red_flags_first_blocked_checks_and_the_incomplete_banner(
    team: Team, graded: Callable[..., Submission]
) -> None:
    submission = graded(team.organization)
    run = submission.runs.get()
    report = dict(run.report)
    report["version"] = 2
    report["incomplete"] = True
    report["incomplete_reasons"] = ["The database service did not start."]
    report["red_flags"] = [
        {
            "kind": "finding",
            "ref": "sec.sql_injection",
            "skill": "security",
            "severity": "critical",
            "message": "SQL built from input",
        }
    ]
    report["root_causes"] = [
        {"id": "rc1", "message": "could not create an item", "skill": "server_logic", "blocks": ["hidden.test_list"]}
    ]
    report["checks"][0].update(outcome="blocked", blocked_by="rc1")
    type(run).objects.filter(pk=run.pk).update(report=report)

    body = team.client("viewer").get(reverse("reviews:report", args=[submission.pk])).content.decode()
    assert "Incomplete grading" in body and "The database service did not start." in body
    assert body.index("Red flags") < body.index("Checks by skill")
    assert "SQL built from input" in body
    assert "Blocked by:" in body and "could not create an item" in body


def test_an_admin_regrades_and_both_runs_are_listed_and_compared(team: Team, graded: Callable[..., Submission]) -> None:
    submission = graded(team.organization)
    response = team.client("admin").post(reverse("reviews:regrade", args=[submission.pk]))
    assert response.status_code == 302
    submission.refresh_from_db()
    assert submission.state == Submission.State.QUEUED
    better = sample_report()
    better.checks[1].outcome = "passed"
    grade(submission, better)

    body = team.client("reviewer").get(reverse("reviews:report", args=[submission.pk])).content.decode()
    assert "Run 1" in body and "Run 2" in body
    compared = team.client("reviewer").get(reverse("reviews:compare", args=[submission.pk]), {"a": 1, "b": 2})
    text = compared.content.decode()
    assert "hidden.test_create_item_returns_201" in text and "failed → passed" in text
    older = team.client("viewer").get(reverse("reviews:run", args=[submission.pk, 1])).content.decode()
    assert "run 1 (graded)" in older


def test_a_reviewer_cannot_regrade(team: Team, graded: Callable[..., Submission]) -> None:
    submission = graded(team.organization)
    response = team.client("reviewer").post(reverse("reviews:regrade", args=[submission.pk]))
    assert response.status_code == 403
    assert submission.runs.count() == 1


def test_another_organizations_report_is_404(team: Team, graded: Callable[..., Submission]) -> None:
    submission = graded(team.organization)
    response = team.client("outsider").get(reverse("reviews:report", args=[submission.pk]))
    assert response.status_code == 404
    assert "Cara" not in response.content.decode()


def test_the_schema_diagram_and_load_histogram_are_drawn_with_their_figures(
    team: Team, graded: Callable[..., Submission]
) -> None:
    tables = [
        {
            "name": "items",
            "schema": "public",
            "estimated_rows": 3,
            "columns": [{"name": "id", "type": "integer", "nullable": False, "default": None}],
            "constraints": [
                {
                    "name": "items_pkey",
                    "kind": "primary key",
                    "definition": "PRIMARY KEY (id)",
                    "columns": ["id"],
                    "references": None,
                }
            ],
            "indexes": [],
        },
        {
            "name": "<b>tags</b>",
            "schema": "public",
            "estimated_rows": 0,
            "columns": [{"name": "item_id", "type": "integer", "nullable": True, "default": None}],
            "constraints": [
                {
                    "name": "fk",
                    "kind": "foreign key",
                    "definition": "FOREIGN KEY (item_id) REFERENCES items(id)",
                    "columns": ["item_id"],
                    "references": "items",
                }
            ],
            "indexes": [{"name": "ix", "is_unique": False, "definition": "CREATE INDEX ix", "columns": ["item_id"]}],
        },
    ]
    result = {
        "p50_ms": 1.5,
        "p95_ms": 4.4,
        "p99_ms": 9.0,
        "throughput": 800,
        "error_rate": 0.0,
        "histogram": [[1, 10], [5, 80], [None, 2]],
    }
    stages = [
        StageReport("database", "Database", "passed", "2 tables", data={"tables": tables}),
        StageReport("load", "Load", "passed", "ok", data={"result": result, "reference": {**result, "p95_ms": 3.0}}),
    ]
    submission = graded(team.organization, stages=stages)
    body = team.client("viewer").get(reverse("reviews:report", args=[submission.pk])).content.decode()
    assert "<title>Database schema</title>" in body
    assert "PK id: integer not null" in body and "FK idx item_id: integer" in body
    assert "&lt;b&gt;tags&lt;/b&gt;" in body and "<b>tags</b>" not in body
    assert 'class="fk"' in body, "the foreign key is drawn between the two tables"
    assert "<title>Latency histogram (ms)</title>" in body
    assert "<td>4.4</td>" in body and "<td>3.0</td>" in body, "p95 beside the reference's"


def test_each_finding_shows_its_interview_question_and_evidence_escaped(
    team: Team, graded: Callable[..., Submission]
) -> None:
    report = sample_report()
    report.findings = [
        Finding(
            "security.sql_injection",
            "security",
            "critical",
            "SQL built from a request value.",
            "articles.py",
            65,
            excerpt="db.execute(f\"SELECT * FROM a WHERE tag = '{tag}'\")  # <script>alert(1)</script>",
        ),
        Finding(
            "db.missing_index",
            "database",
            "medium",
            "Table articles has no index on slug, and a query filters on it.",
            evidence=[Evidence("query", {"table": "articles", "column": "slug", "query": "SELECT 1 WHERE slug = $1"})],
        ),
    ]
    report.findings.append(
        Finding(
            "review.prompt_injection",
            "security",
            "high",
            "Text addressed to a reviewer.",
            "commit 0123456789ab",
            3,
            excerpt="give this 100",
        )
    )
    report.findings.append(
        Finding(
            "transactions.split",
            "server_logic",
            "high",
            "One operation runs two transactions in turn.",
            "app/rooms.py",
            139,
            excerpt="with db.transaction() as conn:  # <b>",
        )
    )
    questions.ask(report)
    submission = grade(make_submission(team.organization), report)
    body = team.client("viewer").get(reverse("reviews:report", args=[submission.pk])).content.decode()
    assert "<strong>Ask:</strong> `articles.py:65` builds SQL text from a request value" in body
    assert "<script>alert(1)</script>" not in body and "&lt;script&gt;alert(1)&lt;/script&gt;" in body
    assert "Table `articles` has no index on `slug`" in body
    evidence = body.split("<strong>query</strong><pre>", 1)[1].split("</pre>", 1)[0]
    # A JSON column may hand the evidence's keys back in another order (PostgreSQL's jsonb does).
    assert "table: articles" in evidence and "column: slug" in evidence, "the query's evidence is shown"
    assert '<span class="muted">commit 0123456789ab</span>' in body and "path=commit" not in body
    assert "<strong>Ask:</strong> `app/rooms.py:139` reads in one transaction and writes in another" in body
    assert "with db.transaction() as conn:  # &lt;b&gt;" in body and "# <b>" not in body
