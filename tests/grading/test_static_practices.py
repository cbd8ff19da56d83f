"""What the practice analyzers add to a submission's findings, through the static stage: layering said once per
file, tests counted against the routes, and a question for each that quotes the candidate's own code."""

from __future__ import annotations

from pathlib import Path

from assay.grading import questions
from assay.grading.analyzers import registry, tests_present
from assay.grading.analyzers.inventory import take_inventory
from assay.grading.report import Finding, Report
from assay.grading.stages.static import analyze

ROOMS = """\
@router.post("/rooms")
def create_room(body: RoomIn, request: Request) -> dict:
    with request.app.state.pool.connection() as conn:
        return conn.execute("INSERT INTO rooms (name) VALUES (%s) RETURNING *", (body.name,)).fetchone()


@router.get("/rooms/{room_id}")
def get_room(room_id: int, request: Request) -> dict:
    with request.app.state.pool.connection() as conn:
        return conn.execute("SELECT * FROM rooms WHERE id = %s", (room_id,)).fetchone()
"""
BOOKINGS = """\
@router.get("/bookings")
def list_bookings() -> list:
    return []
"""
TESTS = """\
def test_create_room(client):
    assert client.post("/rooms", json={"name": "A"}).status_code == 201


def test_read_room(client):
    assert client.get("/rooms/1").status_code == 200
"""


def _service(root: Path, tests: str | None = TESTS) -> Path:
    (root / "app").mkdir(parents=True)
    (root / "app" / "rooms.py").write_text(ROOMS)
    (root / "app" / "bookings.py").write_text(BOOKINGS)
    if tests is not None:
        (root / "tests").mkdir()
        (root / "tests" / "test_rooms.py").write_text(tests)
    return root


def test_a_service_gets_practice_findings_each_with_evidence_and_a_question_on_its_code(tmp_path: Path) -> None:
    report = Report("bookings-api", "test", "python", findings=analyze(_service(tmp_path)).findings)
    questions.ask(report)
    found = {f.rule: f for f in report.findings}
    create = found["rest.create_not_201"]
    assert (create.path, create.line, create.severity, create.skill) == ("app/rooms.py", 1, "medium", "api_design")
    assert create.excerpt == '@router.post("/rooms")'
    assert create.question.startswith('`app/rooms.py:1` creates a resource (`@router.post("/rooms")`) and answers 200')
    # Two handlers run SQL: one observation for the file, at its first line, naming both.
    layering = [f for f in report.findings if f.rule == "layering.sql_in_handler"]
    assert len(layering) == 1 and layering[0].severity == "low"
    assert (layering[0].path, layering[0].line) == ("app/rooms.py", 4)
    assert "lines 4, 10" in layering[0].message and "`app/rooms.py:4`" in layering[0].question
    untested = found["tests.untested_routes"]
    assert untested.message == "2 test case(s) in 1 file(s), but no test mentions /bookings."
    assert (untested.path, untested.line) == ("app/bookings.py", 1)


def test_no_tests_and_empty_test_files_are_findings_and_covered_routes_are_not(tmp_path: Path) -> None:
    def rules(root: Path) -> list[str]:
        return [f.rule for f in tests_present.scan(root, take_inventory(root).files)]

    assert rules(_service(tmp_path / "none", tests=None)) == ["tests.none"]
    assert rules(_service(tmp_path / "empty", tests="import pytest\n")) == ["tests.no_cases"]
    covered = _service(tmp_path / "covered", tests=TESTS + '\n\ndef test_list(client):\n    client.get("/bookings")\n')
    assert rules(covered) == []
    js = tmp_path / "js"
    (js / "test").mkdir(parents=True)
    (js / "src.js").write_text("router.get('/rooms', list);\n")
    (js / "test" / "rooms.test.js").write_text(
        "test('lists', async () => { expect((await get('/rooms')).status).toBe(200); });\n"
    )
    assert rules(js) == []


def test_test_files_that_assert_nothing_are_a_finding_per_file(tmp_path: Path) -> None:
    printing = "def test_create_room(client):\n    print(client.post('/rooms', json={}).status_code)\n"
    root = _service(tmp_path, tests=TESTS)
    (root / "tests" / "test_smoke.py").write_text("import json\n\n\n" + printing)
    go = 'func TestRooms(t *testing.T) {\n\tt.Logf("%d", get("/rooms").Code)\n}\n'
    (root / "rooms_test.go").write_text("package main\n\n" + go)

    found = [f for f in tests_present.scan(root, take_inventory(root).files) if f.rule == "tests.no_assertions"]

    assert sorted((f.path, f.line, f.severity) for f in found) == [
        ("rooms_test.go", 3, "medium"),
        ("tests/test_smoke.py", 4, "medium"),
    ]
    assert found[0].message.endswith("test case(s) and not one assertion: they pass whatever the code does.")


FAT = """\
@app.post("/transfers")
def make_transfer():
    body = request.json
    if body["amount"] <= 0:
        raise Invalid("amount")
    with pool.connection() as conn:
        src = conn.execute("SELECT balance FROM accounts WHERE id = %s", (body["from"],)).fetchone()
        if src is None or src["balance"] < body["amount"]:
            raise Invalid("funds")
        for account, delta in ((body["from"], -1), (body["to"], 1)):
            if account is None:
                raise Invalid("account")
            conn.execute("UPDATE accounts SET balance = balance + %s WHERE id = %s", (delta, account))
        conn.execute("INSERT INTO transfers (source, destination) VALUES (%s, %s)", (body["from"], body["to"]))
    return {}


@app.get("/health")
def health():
    with pool.connection() as conn:
        conn.execute("SELECT 1")
    return {}
"""


def test_a_handler_that_runs_several_statements_and_the_rules_around_them_is_a_fat_handler(tmp_path: Path) -> None:
    (tmp_path / "main.py").write_text(FAT)
    hits = [
        Finding("layering.sql_in_handler", "server_logic", "low", "", path="main.py", line=n) for n in (7, 13, 14, 21)
    ]

    found = {f.rule: f for f in registry.refine(tmp_path, hits)}

    fat = found["layering.fat_handler"]
    assert (fat.line, fat.severity) == (1, "medium")  # the health check's one statement is no fat handler
    assert fat.message.startswith("The route handler at line 1 runs 3 SQL statements itself and makes ")
    assert found["layering.sql_in_handler"].severity == "low"


def test_every_rule_of_every_analyzer_has_a_question_that_reads_the_finding() -> None:
    templates = registry.questions()
    assert {m.NAME for m in registry.ANALYZERS} == {r.split(".")[0] for r in templates}
    for rule in templates:
        finding = Finding(rule, "server_logic", "medium", "Something.", path="app/x.py", line=3, excerpt="x = 1")
        question = questions.for_finding(finding)
        assert question == templates[rule].format(
            where="`app/x.py:3`",
            code="`x = 1`",
            message="Something.",
            table="?",
            column="?",
            query="x = 1",
            request="list request",
        )
        assert "{" not in question
