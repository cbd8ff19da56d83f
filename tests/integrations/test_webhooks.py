"""Webhooks against a real receiver on loopback (allowed by ASSAY_WEBHOOK_ALLOW_PRIVATE in these tests).

Queued deliveries are read from the database task queue and run by the test as a worker would when their
time comes, so a day of retries takes no time, and the schedule is checked on the queued tasks themselves.
"""

from __future__ import annotations

import itertools
import json
import threading
from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django_tasks_db.models import DBTaskResult, get_date_max

from assay.assessments.models import Assessment, Candidate
from assay.integrations.models import WebhookEndpoint
from assay.integrations.webhooks import services, signing
from assay.integrations.webhooks.tasks import deliver_webhook
from tests.assessments.conftest import assessment, challenge, link_path, make_assessment  # noqa: F401
from tests.conftest import Team
from tests.integrations.receiver import Receiver, receiver  # noqa: F401
from tests.reviews.conftest import grade

TASK_PATH = "assay.integrations.webhooks.tasks.deliver_webhook"


@pytest.fixture(autouse=True)
def _receivers_on_loopback_allowed(settings: Any) -> None:
    settings.ASSAY_WEBHOOK_ALLOW_PRIVATE = True
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default", "grading"]}}


def post_json(client: Client, path: str, body: object) -> Any:
    return client.post(path, json.dumps(body), content_type="application/json")


def run_queued_webhooks(capture: Callable[..., Any]) -> list[timedelta]:
    """Run every queued delivery attempt (and those they queue), as a worker would when each is due.
    Returns how long after being queued each was due (0 for right away)."""
    waits = []
    while row := DBTaskResult.objects.filter(task_path=TASK_PATH, status="READY").order_by("run_after").first():
        due = row.run_after if row.run_after != get_date_max() else row.enqueued_at
        waits.append(due - row.enqueued_at)
        row.delete()
        with capture(execute=True):  # the task commits on its own in a worker; here the test's transaction holds
            deliver_webhook.call(*row.args_kwargs["args"])
    return waits


def register(team: Team, receiver_url: str, **extra: Any) -> dict[str, Any]:
    response = post_json(team.api("owner"), "/api/v1/webhooks", {"url": receiver_url, **extra})
    assert response.status_code == 201, response.content
    body: dict[str, Any] = response.json()
    assert body["secret"].startswith("whsec_")
    return body


def assert_signed(received: Any, secret: str) -> None:
    stamp = int(received.headers["Assay-Timestamp"])
    assert signing.verify(secret, received.headers["Assay-Signature"], stamp, received.body)
    assert received.headers["Assay-Event-Id"] == received.event["id"]
    assert received.headers["Assay-Event-Type"] == received.event["type"]


def test_every_event_of_a_candidate_arrives_signed(
    team: Team,
    assessment: Assessment,  # noqa: F811
    receiver: Receiver,  # noqa: F811
    django_capture_on_commit_callbacks: Callable[..., Any],
) -> None:
    hook = register(team, receiver.url)
    api = team.api("owner")
    with django_capture_on_commit_callbacks(execute=True):
        invited = post_json(
            api, f"/api/v1/assessments/{assessment.pk}/candidates", {"name": "Cara", "email": "cara@example.com"}
        )
        candidate = Candidate.objects.get(pk=invited.json()["id"])
        assert Client().post(link_path(candidate, "start/"), {"stack": "python"}).status_code == 302
        assert Client().post(link_path(candidate, "submit/")).status_code == 302
        candidate.refresh_from_db()
        grade(candidate.submission)
    with django_capture_on_commit_callbacks(execute=True):  # the team decides once grading has committed
        decided = post_json(
            api, f"/api/v1/candidates/{candidate.pk}/decisions", {"outcome": "advance", "reason": "Solid"}
        )
        assert decided.status_code == 201, decided.content

    run_queued_webhooks(django_capture_on_commit_callbacks)

    assert receiver.types == [
        "candidate.invited",
        "candidate.started",
        "submission.received",
        "submission.graded",
        "review.decided",
    ]
    for received in receiver.received:
        assert_signed(received, hook["secret"])
        assert received.path == "/hooks/assay"
        assert set(received.event) == {"id", "type", "time", "object"}
    objects = [r.event["object"] for r in receiver.received]
    assert objects[0]["email"] == "cara@example.com" and objects[0]["state"] == "invited"
    assert objects[1]["stack"] == "python"
    assert objects[2]["candidate_id"] == candidate.pk and objects[2]["commit"] == candidate.submission.commit
    assert objects[3]["state"] == "graded" and objects[3]["score"] is not None
    assert objects[4]["decision"] == {"outcome": "advance", "reason": "Solid", "by": objects[4]["decision"]["by"]}
    deliveries = api.get(f"/api/v1/webhooks/{hook['id']}/deliveries").json()["items"]
    assert {d["state"] for d in deliveries} == {"delivered"}
    assert all(d["attempt_log"][0]["status_code"] == 200 for d in deliveries)


def test_a_failing_receiver_is_retried_with_backoff_then_disabled_with_an_email_to_the_owners(
    team: Team,
    assessment: Assessment,  # noqa: F811
    receiver: Receiver,  # noqa: F811
    django_capture_on_commit_callbacks: Callable[..., Any],
    mailoutbox: list[Any],
) -> None:
    hook = register(team, receiver.url, events=["candidate.invited"])
    receiver.status, receiver.answer = 500, b"<script>alert('owned')</script> database down"
    api = team.api("owner")
    with django_capture_on_commit_callbacks(execute=True):
        post_json(api, f"/api/v1/assessments/{assessment.pk}/candidates", {"name": "Cara", "email": "c@example.com"})
    mailoutbox.clear()

    waits = run_queued_webhooks(django_capture_on_commit_callbacks)

    assert len(receiver.received) == len(waits) == services.MAX_ATTEMPTS
    assert len({r.headers["Assay-Event-Id"] for r in receiver.received}) == 1  # the same event each time
    retries = waits[1:]
    assert all(later >= 2 * earlier for earlier, later in itertools.pairwise(retries)), retries
    assert sum(retries, timedelta()) >= timedelta(days=1)
    endpoint = WebhookEndpoint.objects.get(pk=hook["id"])
    assert not endpoint.active and "failed" in endpoint.disabled_reason
    owner_mail = [m for m in mailoutbox if team.users["owner"].email in m.to]
    assert len(owner_mail) == 1 and receiver.url in owner_mail[0].subject
    assert all(team.users["admin"].email not in m.to for m in mailoutbox)

    (delivery,) = api.get(f"/api/v1/webhooks/{hook['id']}/deliveries").json()["items"]
    assert delivery["state"] == "failed"
    assert [a["status_code"] for a in delivery["attempt_log"]] == [500] * services.MAX_ATTEMPTS
    assert "database down" in delivery["attempt_log"][0]["response_excerpt"]
    page = team.client("owner").get(f"/settings/webhooks/{hook['id']}/").content.decode()
    assert "&lt;script&gt;alert(" in page and "<script>alert(" not in page

    # Turned on again and redelivered by hand, the same event arrives once the receiver is back.
    receiver.status = 204
    assert api.patch(
        f"/api/v1/webhooks/{hook['id']}", json.dumps({"active": True}), content_type="application/json"
    ).json()["active"]
    with django_capture_on_commit_callbacks(execute=True):
        again = api.post(f"/api/v1/webhooks/{hook['id']}/deliveries/{delivery['id']}/redeliver")
    assert again.status_code == 202
    run_queued_webhooks(django_capture_on_commit_callbacks)
    assert receiver.received[-1].headers["Assay-Event-Id"] == delivery["event_id"]
    assert api.get(f"/api/v1/webhooks/{hook['id']}/deliveries").json()["items"][0]["state"] == "delivered"


@pytest.mark.parametrize(
    ("url", "why"),
    [
        ("http://10.1.2.3/hook", "private"),
        ("http://192.168.0.7:8080/hook", "private"),
        ("http://127.0.0.1:9/hook", "loopback"),
        ("http://localhost/hook", "loopback"),
        ("http://[::1]/hook", "loopback"),
        ("http://[::ffff:127.0.0.1]/hook", "loopback"),
        ("http://169.254.169.254/latest/meta-data", "link-local"),
    ],
)
def test_a_webhook_to_a_private_address_is_refused(team: Team, settings: Any, url: str, why: str) -> None:
    settings.ASSAY_WEBHOOK_ALLOW_PRIVATE = False

    response = post_json(team.api("owner"), "/api/v1/webhooks", {"url": url})

    assert response.status_code == 422
    assert why in response.json()["detail"]
    assert not WebhookEndpoint.objects.exists()


def test_the_address_is_checked_again_at_delivery(
    team: Team,
    assessment: Assessment,  # noqa: F811
    receiver: Receiver,  # noqa: F811
    settings: Any,
    django_capture_on_commit_callbacks: Callable[..., Any],
) -> None:
    hook = register(team, receiver.url)
    settings.ASSAY_WEBHOOK_ALLOW_PRIVATE = False  # as if the name resolved to loopback only after it was saved
    with django_capture_on_commit_callbacks(execute=True):
        post_json(
            team.api("owner"),
            f"/api/v1/assessments/{assessment.pk}/candidates",
            {"name": "C", "email": "c@example.com"},
        )

    run_queued_webhooks(django_capture_on_commit_callbacks)

    assert receiver.received == []
    log = team.api("owner").get(f"/api/v1/webhooks/{hook['id']}/deliveries").json()["items"][0]["attempt_log"]
    assert "loopback" in log[0]["error"] and log[0]["status_code"] is None


def test_during_a_rotation_both_secrets_sign(
    team: Team,
    assessment: Assessment,  # noqa: F811
    receiver: Receiver,  # noqa: F811
    django_capture_on_commit_callbacks: Callable[..., Any],
) -> None:
    hook = register(team, receiver.url)
    api = team.api("owner")
    rotated = post_json(api, f"/api/v1/webhooks/{hook['id']}/rotate-secret", {"overlap_hours": 1})
    assert rotated.status_code == 200
    new_secret = rotated.json()["secret"]
    assert new_secret != hook["secret"]
    with django_capture_on_commit_callbacks(execute=True):
        post_json(api, f"/api/v1/assessments/{assessment.pk}/candidates", {"name": "C", "email": "c@example.com"})
    run_queued_webhooks(django_capture_on_commit_callbacks)
    post_json(api, f"/api/v1/webhooks/{hook['id']}/rotate-secret", {"overlap_hours": 0})  # the overlap ends
    with django_capture_on_commit_callbacks(execute=True):
        post_json(api, f"/api/v1/assessments/{assessment.pk}/candidates", {"name": "D", "email": "d@example.com"})

    run_queued_webhooks(django_capture_on_commit_callbacks)

    during, after = receiver.received
    assert_signed(during, hook["secret"])
    assert_signed(during, new_secret)
    assert not signing.verify(
        new_secret, after.headers["Assay-Signature"], int(after.headers["Assay-Timestamp"]), after.body
    )
    assert len(after.headers["Assay-Signature"].split()) == 1


def test_webhooks_are_for_admins_and_owners(team: Team, receiver: Receiver) -> None:  # noqa: F811
    for role in ("viewer", "reviewer"):
        response = post_json(team.api(role), "/api/v1/webhooks", {"url": receiver.url})
        assert response.status_code == 403
        assert "Only admins and owners can manage webhooks" in response.json()["detail"]
    hook = register(team, receiver.url)
    assert team.api("outsider").get(f"/api/v1/webhooks/{hook['id']}").status_code == 404
    assert "secret" not in team.api("admin").get(f"/api/v1/webhooks/{hook['id']}").json()


def test_a_receiver_that_never_answers_is_a_failed_attempt_after_the_timeout(
    team: Team,
    assessment: Assessment,  # noqa: F811
    receiver: Receiver,  # noqa: F811
    settings: Any,
    django_capture_on_commit_callbacks: Callable[..., Any],
) -> None:
    settings.ASSAY_WEBHOOK_TIMEOUT_SECONDS = 1
    hook = register(team, receiver.url)
    receiver.hang = threading.Event()
    with django_capture_on_commit_callbacks(execute=True):
        post_json(
            team.api("owner"), f"/api/v1/assessments/{assessment.pk}/candidates", {"name": "C", "email": "c@x.com"}
        )

    with django_capture_on_commit_callbacks(execute=True):
        row = DBTaskResult.objects.get(task_path=TASK_PATH)
        assert deliver_webhook.call(*row.args_kwargs["args"]).startswith("retrying")

    assert len(receiver.received) == 1
    delivery = team.api("owner").get(f"/api/v1/webhooks/{hook['id']}/deliveries").json()["items"][0]
    assert delivery["state"] == "pending" and delivery["next_attempt_at"]
    assert delivery["attempt_log"][0]["status_code"] is None
    assert "timed out" in delivery["attempt_log"][0]["error"]


def test_an_admin_adds_an_endpoint_on_the_settings_page_without_javascript(
    team: Team,
    receiver: Receiver,  # noqa: F811
    settings: Any,
) -> None:
    browser = team.client("admin")

    added = browser.post("/settings/webhooks/", {"url": receiver.url, "events": ["submission.graded"]})

    assert added.status_code == 201
    endpoint = WebhookEndpoint.objects.get(organization=team.organization)
    assert endpoint.events == ["submission.graded"]
    assert endpoint.secret in added.content.decode()  # shown once, to copy into the receiver
    assert endpoint.secret not in browser.get(f"/settings/webhooks/{endpoint.pk}/").content.decode()
    settings.ASSAY_WEBHOOK_ALLOW_PRIVATE = False
    refused = browser.post("/settings/webhooks/", {"url": "http://192.168.1.20/hook"})
    assert refused.status_code == 422
    assert "private or reserved address" in refused.content.decode()
    assert WebhookEndpoint.objects.filter(organization=team.organization).count() == 1
    assert team.client("reviewer").get("/settings/webhooks/").status_code == 403
