"""The reviews API: report, runs, re-grade, files and comments, with the pages' access rules."""

from __future__ import annotations

from collections.abc import Callable

from assay.submissions.models import Submission
from tests.conftest import Team

API = "/api/v1"


def test_the_report_and_runs_carry_checks_with_evidence(team: Team, graded: Callable[..., Submission]) -> None:
    submission = graded(team.organization)
    client = team.api("viewer")
    body = client.get(f"{API}/submissions/{submission.pk}/report").json()
    assert body["run"]["number"] == 1 and body["submission_state"] == "graded"
    failed = next(c for c in body["report"]["checks"] if c["outcome"] == "failed")
    assert failed["evidence"][0]["data"]["response"]["status"] == 501
    assert body["report"]["findings"][0]["path"] == "app.py"
    runs = client.get(f"{API}/submissions/{submission.pk}/runs").json()
    assert [r["number"] for r in runs] == [1]
    assert client.get(f"{API}/submissions/{submission.pk}/runs/2").status_code == 404


def test_an_admin_key_regrades(team: Team, graded: Callable[..., Submission]) -> None:
    submission = graded(team.organization)
    refused = team.api("reviewer").post(f"{API}/submissions/{submission.pk}/regrade")
    assert refused.status_code == 403 and refused["Content-Type"] == "application/problem+json"
    response = team.api("admin").post(f"{API}/submissions/{submission.pk}/regrade")
    assert response.status_code == 202 and response.json()["state"] == "queued"


def test_files_and_a_file(team: Team, graded: Callable[..., Submission]) -> None:
    submission = graded(team.organization, {"app.py": "print('hi')\n", "blob.bin": b"\0\1"})
    client = team.api("viewer")
    files = {f["path"]: f for f in client.get(f"{API}/submissions/{submission.pk}/files").json()}
    assert {"app.py", "blob.bin", "README.md"} <= set(files)
    text = client.get(f"{API}/submissions/{submission.pk}/file", {"path": "app.py"}).json()
    assert text["text"] == "print('hi')\n"
    binary = client.get(f"{API}/submissions/{submission.pk}/file", {"path": "blob.bin"}).json()
    assert binary["text"] is None and "binary" in binary["reason"]
    missing = client.get(f"{API}/submissions/{submission.pk}/file", {"path": "nope"})
    assert missing.status_code == 404 and missing["Content-Type"] == "application/problem+json"


def test_comments_over_the_api(team: Team, graded: Callable[..., Submission]) -> None:
    submission = graded(team.organization)
    session = team.client("reviewer")
    created = session.post(
        f"{API}/submissions/{submission.pk}/comments",
        {"path": "app.py", "line": 2, "body": "Nice"},
        content_type="application/json",
    )
    assert created.status_code == 201, created.content
    comment = created.json()
    assert comment["author"] == team.users["reviewer"].email
    listed = team.api("viewer").get(f"{API}/submissions/{submission.pk}/comments").json()
    assert [c["id"] for c in listed["items"]] == [comment["id"]]
    files = team.api("viewer").get(f"{API}/submissions/{submission.pk}/files").json()
    assert next(f for f in files if f["path"] == "app.py")["comments"] == 1
    edited = session.patch(f"{API}/comments/{comment['id']}", {"body": "Nicer"}, content_type="application/json")
    assert edited.json()["body"] == "Nicer" and edited.json()["edited_at"]
    assert team.api("outsider").get(f"{API}/comments/{comment['id']}").status_code == 404
    assert session.delete(f"{API}/comments/{comment['id']}").status_code == 204
    bad = session.post(
        f"{API}/submissions/{submission.pk}/comments",
        {"path": "app.py", "line": 0, "body": ""},
        content_type="application/json",
    )
    assert bad.status_code == 422 and set(bad.json()["errors"]) == {"line", "body"}
