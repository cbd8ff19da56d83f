"""The API's operations beyond creating and listing: the library, changing and archiving an assessment,
inviting many, resending, withdrawing, extending, and a submission with its snapshot."""

from __future__ import annotations

import io
import json
import tarfile
from collections.abc import Callable
from typing import Any

from django.test import Client

from assay.assessments.models import Assessment, Candidate
from assay.challenges.models import Challenge
from assay.submissions.models import Submission
from tests.assessments.conftest import assessment, challenge, make_assessment  # noqa: F401
from tests.conftest import Team
from tests.reviews.conftest import graded  # noqa: F401


def send(client: Client, method: str, path: str, body: object | None = None) -> Any:
    return client.generic(method, f"/api/v1{path}", json.dumps(body) if body is not None else "", "application/json")


def test_the_library_lists_challenges_and_shows_one_with_its_brief(team: Team, challenge: Challenge) -> None:  # noqa: F811
    client = team.api("viewer")

    listed = client.get("/api/v1/challenges").json()
    shown = client.get(f"/api/v1/challenges/{challenge.slug}").json()

    assert [c["slug"] for c in listed["items"]] == ["tiny-api"]
    assert listed["items"][0]["stacks"] == challenge.current_version.stacks
    assert (
        shown["brief"] == challenge.current_version.brief and shown["version"] == challenge.current_version.content_hash
    )
    assert client.get("/api/v1/challenges?category=database").json()["items"] == []
    assert client.get("/api/v1/challenges/no-such-thing").status_code == 404


def test_an_assessment_is_changed_then_archived_and_invites_nobody_until_restored(
    team: Team,
    assessment: Assessment,  # noqa: F811
) -> None:
    client = team.api("admin")
    path = f"/assessments/{assessment.pk}"

    changed = send(client, "PATCH", path, {"title": "Staff engineer", "time_limit_minutes": 180})
    assert changed.status_code == 200
    assert (changed.json()["title"], changed.json()["time_limit_minutes"]) == ("Staff engineer", 180)
    assert changed.json()["start_window_days"] == assessment.start_window_days  # left out, left as it was
    assert send(client, "PATCH", path, {"time_limit_minutes": 0}).json()["errors"]["time_limit_minutes"]

    assert send(client, "POST", f"{path}/archive").json()["archived_at"]
    refused = send(client, "POST", f"{path}/candidates", {"name": "Cara", "email": "cara@example.com"})
    assert refused.status_code == 409 and "archived" in refused.json()["detail"]
    assert [a["id"] for a in client.get("/api/v1/assessments?archived=false").json()["items"]] == []
    assert [a["id"] for a in client.get("/api/v1/assessments?archived=true").json()["items"]] == [assessment.pk]

    assert send(client, "POST", f"{path}/restore").json()["archived_at"] is None
    assert send(client, "POST", f"{path}/candidates", {"name": "Cara", "email": "cara@example.com"}).status_code == 201


def test_many_candidates_are_invited_at_once_or_none_of_them(
    team: Team,
    assessment: Assessment,  # noqa: F811
    mailoutbox: list[Any],
    django_capture_on_commit_callbacks: Callable[..., Any],
) -> None:
    client, path = team.api("admin"), f"/assessments/{assessment.pk}/candidates/bulk"
    people = [{"name": "Ann, Jr.", "email": "ann@example.com"}, {"name": "Bo", "email": "bo@example.com"}]

    with django_capture_on_commit_callbacks(execute=True):
        invited = send(client, "POST", path, {"candidates": people})
    again = send(client, "POST", path, {"candidates": [{"name": "Cy", "email": "cy@example.com"}, people[1]]})

    assert invited.status_code == 201
    assert [(c["name"], c["email"], c["state"]) for c in invited.json()] == [
        ("Ann, Jr.", "ann@example.com", "invited"),
        ("Bo", "bo@example.com", "invited"),
    ]
    assert sorted(m.to[0] for m in mailoutbox) == ["ann@example.com", "bo@example.com"]
    assert again.status_code == 422
    assert again.json()["errors"] == {"candidates.1": ["Already invited to this assessment."]}
    assert not Candidate.objects.filter(email="cy@example.com").exists()


def test_a_candidate_is_resent_extended_and_withdrawn(
    team: Team,
    assessment: Assessment,  # noqa: F811
    mailoutbox: list[Any],
    django_capture_on_commit_callbacks: Callable[..., Any],
) -> None:
    client = team.api("admin")
    created = send(client, "POST", f"/assessments/{assessment.pk}/candidates", {"name": "C", "email": "c@example.com"})
    candidate = Candidate.objects.get(pk=created.json()["id"])
    mailoutbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        assert send(client, "POST", f"/candidates/{candidate.pk}/resend").status_code == 200
    assert [m.to for m in mailoutbox] == [["c@example.com"]]
    extended = send(client, "POST", f"/candidates/{candidate.pk}/extend", {"days": 2})
    assert extended.status_code == 200 and extended.json()["start_by"] > created.json()["start_by"]
    assert send(client, "POST", f"/candidates/{candidate.pk}/extend", {"days": 0}).status_code == 422
    withdrawn = send(client, "POST", f"/candidates/{candidate.pk}/withdraw", {"reason": "Role filled"})
    assert withdrawn.json()["state"] == "withdrawn"
    assert send(client, "POST", f"/candidates/{candidate.pk}/resend").status_code == 409
    assert candidate.events.filter(kind="withdrawn", detail="Role filled").exists()


def test_a_submission_is_shown_and_its_snapshot_downloaded(
    team: Team,
    graded: Callable[..., Submission],  # noqa: F811
) -> None:
    submission = graded(team.organization, {"app.py": "print('mine')\n"})

    shown = team.api("viewer").get(f"/api/v1/submissions/{submission.pk}").json()
    download = team.api("admin").get(f"/api/v1/submissions/{submission.pk}/snapshot")

    assert (shown["state"], shown["score"], shown["archive_sha256"]) == (
        "graded",
        submission.score,
        submission.archive_sha256,
    )
    assert download.status_code == 200 and download["Content-Type"] == "application/gzip"
    with tarfile.open(fileobj=io.BytesIO(b"".join(download.streaming_content)), mode="r:gz") as archive:
        app = archive.extractfile(next(m for m in archive.getmembers() if m.name.endswith("app.py")))
        assert app is not None and app.read() == b"print('mine')\n"
    assert team.api("viewer").get(f"/api/v1/submissions/{submission.pk}/snapshot").status_code == 403
    assert team.api("outsider").get(f"/api/v1/submissions/{submission.pk}").status_code == 404
