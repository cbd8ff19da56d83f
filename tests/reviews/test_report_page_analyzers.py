"""The report page shows the findings of the layering, tests and routes analyzers of a real grading, each with
its evidence (the candidate's line, escaped) and its interview question."""

from __future__ import annotations

import html
from pathlib import Path

import pytest
from django.urls import reverse

from assay.grading.pipeline import grade_directory
from tests.conftest import Team
from tests.reviews.conftest import grade, make_submission, tiny_version

pytestmark = pytest.mark.sandbox

ROUTES = """\
@app.post("/items")
def create_item():
    body = request.get_json()
    if body is None or "name" not in body:
        return {"detail": "name is required"}, 422
    with pool.connection() as conn:
        if conn.execute("SELECT 1 FROM items WHERE name = %s", (body["name"],)).fetchone():
            return {"detail": "<taken>"}, 409
        for tag in body.get("tags") or []:
            if not tag:
                return {"detail": "empty tag"}, 422
        row = conn.execute("INSERT INTO items (name) VALUES (%s) RETURNING id", (body["name"],)).fetchone()
        conn.execute("INSERT INTO audit (item_id) VALUES (%s)", (row["id"],))
    return {"id": row["id"], "name": body["name"]}, 201


@app.get("/items")
def list_items():
    return []
"""
SMOKE = "def test_create(client):\n    print(client.post('/items', json={'name': 'a'}).status_code)\n"


def test_each_new_analyzers_finding_shows_its_evidence_and_question(team: Team, tmp_path: Path) -> None:
    files = {"app/routes.py": ROUTES, "tests/test_items.py": SMOKE}
    submission = make_submission(team.organization, files, tmp_path)
    folder = tmp_path / "graded"
    folder.mkdir()
    for name, text in files.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(text)
    (folder / "assay.toml").write_text('start = "python app.py"\n')
    report = grade_directory(folder, tiny_version().package(), "python", static_only=True)

    body = team.client("viewer").get(reverse("reviews:report", args=[grade(submission, report).pk])).content.decode()

    text = html.unescape(body)
    assert "Ask:</strong> `app/routes.py:1`: The route handler at line 1 runs 3 SQL statements itself" in text
    assert "How would you test these rules without an HTTP request and a database" in text
    assert "@app.post(&quot;/items&quot;)" in body, "the handler's line is the evidence, escaped"
    assert "tests/test_items.py has 1 test case(s) and not one assertion" in text
    assert "What would make one of these tests fail" in text
    assert "The brief's contract has `GET /items/{id}`, but no route in the code declares it." in text
    assert "Where did this route go, and how would a client of your API have found out?" in text
