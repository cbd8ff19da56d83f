"""Greenhouse's Assessment Partner API, driven by a fake of Greenhouse (tests/integrations/fake_greenhouse.py).

Report PATCHes are queued tasks: the test runs them as a worker would when they are due, so retries over hours
take no time and the schedule is read from the queue.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django_tasks_db.models import DBTaskResult

from assay.assessments.models import Assessment, Candidate
from assay.integrations.greenhouse import services
from assay.integrations.greenhouse.tasks import report_to_greenhouse
from assay.integrations.models import GreenhouseOrder
from tests.assessments.conftest import assessment, challenge, link_path, make_assessment  # noqa: F401
from tests.conftest import Team
from tests.integrations.fake_greenhouse import FakeGreenhouse, greenhouse  # noqa: F401
from tests.reviews.conftest import grade

TASK_PATH = "assay.integrations.greenhouse.tasks.report_to_greenhouse"
KEY_SHOWN = re.compile(r"<code>(gh_[A-Za-z0-9_\-]+)</code>")


@pytest.fixture(autouse=True)
def _greenhouse_on_loopback_allowed(settings: Any) -> None:
    settings.ASSAY_WEBHOOK_ALLOW_PRIVATE = True
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default", "grading"]}}


def issue_key(team: Team, who: str = "admin", name: str = "Greenhouse") -> str:
    page = team.client(who).post("/settings/greenhouse/", {"name": name})
    assert page.status_code == 201, page.content
    match = KEY_SHOWN.search(page.content.decode())
    assert match is not None
    return match.group(1)


def run_queued_reports(capture: Callable[..., Any]) -> int:
    ran = 0
    while row := DBTaskResult.objects.filter(task_path=TASK_PATH, status="READY").order_by("run_after").first():
        row.delete()
        with capture(execute=True):
            report_to_greenhouse.call(*row.args_kwargs["args"])
        ran += 1
    return ran


def test_greenhouse_sends_a_test_and_hears_the_score_then_the_decision(
    team: Team,
    assessment: Assessment,  # noqa: F811
    make_assessment: Callable[..., Assessment],  # noqa: F811
    greenhouse: FakeGreenhouse,  # noqa: F811
    django_capture_on_commit_callbacks: Callable[..., Any],
    mailoutbox: list[Any],
) -> None:
    greenhouse.key = issue_key(team)
    archived = make_assessment(title="Old role")
    assert team.api("owner").post(f"/api/v1/assessments/{archived.pk}/archive").status_code == 200
    make_assessment("outsider", title="Someone else's role")

    # Only the organization's open assessments are offered: not the archived one, not another organization's.
    tests = greenhouse.list_tests().json()
    assert tests == [{"partner_test_id": str(assessment.public_id), "partner_test_name": assessment.title}]

    with django_capture_on_commit_callbacks(execute=True):
        sent = greenhouse.send_test(str(assessment.public_id), "cara@example.com", application_id=77)
    assert sent.status_code == 200, sent.content
    interview_id = sent.json()["partner_interview_id"]
    candidate = Candidate.objects.get(public_id=interview_id)
    assert (candidate.name, candidate.email) == ("Cara Candidate", "cara@example.com")
    assert candidate.assessment_id == assessment.pk
    assert [m.to for m in mailoutbox] == [["cara@example.com"]]
    assert candidate.events.get(kind="invited").by == "Greenhouse"
    again = greenhouse.send_test(str(assessment.public_id), "CARA@example.com", application_id=77)
    assert again.json()["partner_interview_id"] == interview_id  # the same person is the same candidate

    status = greenhouse.test_status(interview_id).json()
    assert status["partner_status"] == "incomplete" and status["partner_score"] is None

    with django_capture_on_commit_callbacks(execute=True):
        assert Client().post(link_path(candidate, "start/"), {"stack": "python"}).status_code == 302
        assert Client().post(link_path(candidate, "submit/")).status_code == 302
        candidate.refresh_from_db()
        grade(candidate.submission)
    assert run_queued_reports(django_capture_on_commit_callbacks) == 1
    candidate.refresh_from_db()
    path, graded = greenhouse.patches[-1]
    assert path == "/v1/partner/tests/77"
    assert graded["partner_status"] == "complete"
    assert graded["partner_score"] == round(candidate.submission.score, 1)
    assert graded["partner_profile_url"].endswith(f"/assessments/candidates/{candidate.pk}/")
    assert graded == greenhouse.test_status(interview_id).json()  # the push and the poll agree

    with django_capture_on_commit_callbacks(execute=True):
        decided = team.api("owner").post(
            f"/api/v1/candidates/{candidate.pk}/decisions",
            json.dumps({"outcome": "advance", "reason": "Solid"}),
            content_type="application/json",
        )
        assert decided.status_code == 201, decided.content
    run_queued_reports(django_capture_on_commit_callbacks)
    assert greenhouse.patches[-1][1]["metadata"]["Decision"] == "Advanced"
    order = GreenhouseOrder.objects.get(candidate=candidate)
    assert order.reported_status == "complete" and order.application_id == 77 and not order.report_error


@pytest.mark.parametrize(
    "authorization",
    [
        None,
        "Bearer gh_x_y",
        "Basic not-base64!",
        "Basic " + "Z2hfMDAwMDAwMDAwMDAwX3dyb25nOg==",  # gh_000000000000_wrong:
    ],
    ids=["none", "bearer", "not-base64", "unknown-key"],
)
def test_wrong_credentials_are_401_and_say_nothing_of_the_organization(
    team: Team,
    assessment: Assessment,  # noqa: F811
    authorization: str | None,
) -> None:
    issue_key(team)
    client = Client(headers={"Authorization": authorization}) if authorization else Client()
    for answer in (
        client.get("/greenhouse/list_tests"),
        client.post("/greenhouse/send_test", "{}", content_type="application/json"),
        client.get("/greenhouse/test_status", {"partner_interview_id": "x"}),
        client.post("/greenhouse/response_error", "{}", content_type="application/json"),
    ):
        assert answer.status_code == 401
        assert answer["WWW-Authenticate"].startswith("Basic")
        assert answer.json() == {"error": services.UNAUTHORIZED}
        assert assessment.title not in answer.content.decode()


def test_a_revoked_key_is_refused_and_another_organizations_key_sees_none_of_it(
    team: Team,
    assessment: Assessment,  # noqa: F811
    greenhouse: FakeGreenhouse,  # noqa: F811
) -> None:
    greenhouse.key = issue_key(team)
    interview_id = greenhouse.send_test(str(assessment.public_id), "cara@example.com").json()["partner_interview_id"]
    from assay.accounts.access import Actor
    from assay.accounts.roles import Role

    outsider = Actor(organization=team.other_organization, role=Role.OWNER, user=team.outsider)
    _, other_key = services.create_key(outsider, "Their Greenhouse")
    assert greenhouse.list_tests(key=other_key).json() == []
    assert greenhouse.test_status(interview_id, key=other_key).status_code == 404
    assert greenhouse.send_test(str(assessment.public_id), "eve@example.com", key=other_key).status_code == 404

    (key,) = services.keys(team.actor("admin"))
    assert team.client("admin").post(f"/settings/greenhouse/keys/{key.pk}/revoke/").status_code == 302
    assert greenhouse.list_tests().status_code == 401


def test_bad_requests_from_greenhouse_get_clear_errors_and_change_nothing(
    team: Team,
    assessment: Assessment,  # noqa: F811
    greenhouse: FakeGreenhouse,  # noqa: F811
    settings: Any,
) -> None:
    greenhouse.key = issue_key(team)
    client = greenhouse._client()
    not_json = client.post("/greenhouse/send_test", "{oops", content_type="application/json")
    assert not_json.status_code == 422 and "not JSON" in not_json.json()["error"]
    only_test = json.dumps({"partner_test_id": str(assessment.public_id)})
    no_candidate = client.post("/greenhouse/send_test", only_test, content_type="application/json")
    assert no_candidate.status_code == 422 and "candidate" in no_candidate.json()["fields"]
    unknown = greenhouse.send_test("no-such-test", "cara@example.com")
    assert unknown.status_code == 404 and "list_tests" in unknown.json()["error"]
    bad_email = greenhouse.send_test(str(assessment.public_id), "not-an-email")
    assert bad_email.status_code == 422 and "email" in bad_email.json()["fields"]
    settings.ASSAY_WEBHOOK_ALLOW_PRIVATE = False
    private_callback = greenhouse.send_test(str(assessment.public_id), "cara@example.com")
    assert private_callback.status_code == 422
    assert not Candidate.objects.filter(assessment=assessment).exists()
    assert client.get("/greenhouse/test_status", {"partner_interview_id": "nope"}).status_code == 404


def test_a_failing_greenhouse_is_retried_then_left_to_poll_and_what_it_said_is_shown_escaped(
    team: Team,
    assessment: Assessment,  # noqa: F811
    greenhouse: FakeGreenhouse,  # noqa: F811
    django_capture_on_commit_callbacks: Callable[..., Any],
) -> None:
    greenhouse.key = issue_key(team)
    greenhouse.status = 503
    interview_id = greenhouse.send_test(str(assessment.public_id), "cara@example.com").json()["partner_interview_id"]
    candidate = Candidate.objects.get(public_id=interview_id)
    with django_capture_on_commit_callbacks(execute=True):
        Client().post(link_path(candidate, "start/"), {"stack": "python"})
        Client().post(link_path(candidate, "submit/"))
        candidate.refresh_from_db()
        grade(candidate.submission)

    assert run_queued_reports(django_capture_on_commit_callbacks) == services.REPORT_ATTEMPTS
    assert len(greenhouse.patches) == services.REPORT_ATTEMPTS
    order = GreenhouseOrder.objects.get(candidate=candidate)
    assert order.reported_at is None and "503" in order.report_error
    assert greenhouse.test_status(interview_id).json()["partner_status"] == "complete"  # polling still works

    said = greenhouse.response_error({"partner_interview_id": interview_id, "error": "<script>bad()</script> score"})
    assert said.status_code == 200
    page = team.client("admin").get("/settings/greenhouse/").content.decode()
    assert "&lt;script&gt;bad()" in page and "<script>bad()" not in page
    assert "Not delivered: Greenhouse answered 503" in page
    assert greenhouse.key not in page  # the key is shown once, at creation only


def test_only_admins_and_owners_manage_the_greenhouse_key(team: Team) -> None:
    assert team.client("reviewer").get("/settings/greenhouse/").status_code == 403
    assert team.client("viewer").post("/settings/greenhouse/", {"name": "x"}).status_code == 403
    assert team.client("owner").get("/settings/greenhouse/").status_code == 200
    duplicate = team.client("owner").post("/settings/greenhouse/", {"name": "Greenhouse"})
    assert duplicate.status_code == 201
    again = team.client("owner").post("/settings/greenhouse/", {"name": "Greenhouse"})
    assert again.status_code == 409 and "already exists" in again.content.decode()
