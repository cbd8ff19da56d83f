"""The audit log through HTTP: each kind of event leaves an entry, the client address is read safely, and
an owner sees only their own organization's entries (page, CSV, API)."""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

import pytest
from django.test import Client

from assay.audit.models import AuditEntry
from tests.conftest import Team
from tests.reviews.candidates import assessment_for, graded

pytestmark = pytest.mark.django_db
PASSWORD = "correct horse battery"


def _events(team: Team) -> list[str]:
    return list(AuditEntry.objects.filter(organization=team.organization).values_list("event", flat=True))


def _last(team: Team, event: str) -> AuditEntry:
    entry = AuditEntry.objects.filter(organization=team.organization, event=event).first()
    assert entry is not None, f"no {event} entry; the log has {_events(team)}"
    return entry


def test_sign_ins_and_failures_are_recorded_with_the_address(team: Team) -> None:
    owner = team.users["owner"]
    Client(REMOTE_ADDR="203.0.113.7").post("/login/", {"email": owner.email, "password": "wrong"})
    Client(REMOTE_ADDR="203.0.113.8").post("/login/", {"email": owner.email, "password": PASSWORD})
    failed, succeeded = _last(team, "sign_in.failed"), _last(team, "sign_in.succeeded")
    assert (failed.actor_label, failed.ip, failed.actor_kind) == (owner.email, "203.0.113.7", "anonymous")
    assert (succeeded.actor_user, succeeded.ip) == (owner, "203.0.113.8")


def test_a_spoofed_forwarded_for_is_ignored_unless_the_proxy_is_trusted(team: Team, settings: Any) -> None:
    owner = team.users["owner"]
    spoofed = {"REMOTE_ADDR": "198.51.100.1", "HTTP_X_FORWARDED_FOR": "192.0.2.99"}
    Client(**spoofed).post("/login/", {"email": owner.email, "password": "wrong"})
    assert _last(team, "sign_in.failed").ip == "198.51.100.1"

    settings.ASSAY_TRUSTED_PROXIES = ["10.0.0.0/8"]
    Client(**spoofed).post("/login/", {"email": owner.email, "password": "wrong"})
    assert _last(team, "sign_in.failed").ip == "198.51.100.1", "a client that is not our proxy cannot claim an address"

    # Through the trusted proxy: the hop it appended is the client; what the client wrote before it is not.
    proxied = {"REMOTE_ADDR": "10.1.2.3", "HTTP_X_FORWARDED_FOR": "192.0.2.99, 203.0.113.50"}
    Client(**proxied).post("/login/", {"email": owner.email, "password": "wrong"})
    assert _last(team, "sign_in.failed").ip == "203.0.113.50"


def test_team_settings_and_key_events_are_recorded(team: Team) -> None:
    owner = team.client("owner")
    owner.post("/team/invite/", {"email": "new.hire@example.test", "role": "reviewer"})
    api = team.client("owner")
    created = api.post("/api/v1/api-keys", {"name": "ATS sync", "role": "viewer"}, content_type="application/json")
    key_id = created.json()["id"]
    api.delete(f"/api/v1/api-keys/{key_id}")
    api.patch("/api/v1/organization", {"name": "Acme Talent"}, content_type="application/json")
    hook = {"url": "https://93.184.215.14/assay", "events": ["submission.graded"]}
    api.post("/api/v1/webhooks", hook, content_type="application/json")
    ai_reviewer = {"enabled": "on", "base_url": "https://models.example.test/v1", "model": "reviewer-small"}
    ai_reviewer |= {"api_key": "sk-secret-9d1e", "submission_token_budget": "20000", "monthly_token_budget": "500000"}
    assert owner.post("/ai-reviewer/", ai_reviewer).status_code == 302
    assert _last(team, "team.invited").summary == "Invited new.hire@example.test as reviewer"
    assert _last(team, "api_key.created").target_id == str(key_id)
    assert _last(team, "api_key.revoked").target_id == str(key_id)
    settings_changes = AuditEntry.objects.filter(organization=team.organization, event="settings.changed")
    assert {e.summary for e in settings_changes} == {
        "Renamed the organization to Acme Talent",
        "Added the webhook https://93.184.215.14/assay",
        "AI reviewer on, model reviewer-small",
    }
    assert not AuditEntry.objects.filter(summary__contains="sk-secret").exists(), "secrets never in the log"
    assert all(e.actor_user == team.users["owner"] for e in settings_changes)


def test_an_api_key_is_named_as_the_actor(team: Team) -> None:
    team.api("admin").post("/api/v1/api-keys", {"name": "Second"}, content_type="application/json")
    entry = _last(team, "api_key.created")
    assert entry.actor_kind == "api_key" and entry.actor_label.startswith("API key admin key")


def test_candidate_events_are_recorded_without_personal_data(team: Team, tmp_path: Path) -> None:
    assessment = assessment_for(team)
    ada = graded(team, assessment, "Ada Lovelace", "ada@example.test", tmp_path)
    owner = team.client("owner")
    owner.post(f"/assessments/{assessment.pk}/invite/", {"name": "Bob Builder", "email": "bob@example.test"})
    owner.post(f"/assessments/candidates/{ada.pk}/decision/", {"outcome": "advance", "reason": "Strong"})
    owner.post(f"/assessments/{assessment.pk}/blind/", {"enabled": "on"})
    owner.post(f"/assessments/candidates/{ada.pk}/reveal/")
    assert ada.submission is not None
    owner.post(f"/submissions/{ada.submission.pk}/regrade/")
    owner.get(f"/assessments/{assessment.pk}/comparison.csv")
    kinds = set(_events(team))
    assert {"candidate.invited", "candidate.decided", "identity.revealed", "submission.regraded"} <= kinds
    assert _last(team, "export.downloaded").summary == "Candidate comparison as CSV"
    assert _last(team, "candidate.decided").target_id == str(ada.public_id)
    texts = " ".join(f"{e.summary} {e.target_id} {e.actor_label}" for e in AuditEntry.objects.all())
    for personal in ("Ada", "ada@example.test", "Bob", "bob@example.test"):
        assert personal not in texts


def test_the_page_filters_and_only_owners_read_it(team: Team) -> None:
    owner = team.users["owner"]
    Client().post("/login/", {"email": owner.email, "password": "wrong"})
    team.client("owner").post("/api/v1/api-keys", {"name": "ATS"}, content_type="application/json")
    page = team.client("owner").get("/audit-log/", {"event": "sign_in.failed"}).content.decode()
    assert "<td>sign_in.failed</td>" in page and "<td>api_key.created</td>" not in page
    page = team.client("owner").get("/audit-log/", {"actor": "nobody-like-this"}).content.decode()
    assert "Nothing recorded matches" in page
    assert team.client("admin").get("/audit-log/").status_code == 403


def test_the_csv_export_is_audited_and_other_organizations_never_show(team: Team) -> None:
    outsider = team.outsider
    Client().post("/login/", {"email": outsider.email, "password": "wrong"})
    team.client("owner").post("/api/v1/api-keys", {"name": "Ours"}, content_type="application/json")
    body = team.client("owner").get("/audit-log.csv").content.decode()
    rows = list(csv.DictReader(io.StringIO(body)))
    assert [r["event"] for r in rows] == ["api_key.created"]
    assert _last(team, "export.downloaded").summary == "Audit log as CSV (1 entry)"
    listed = team.client("owner").get("/api/v1/audit-log").json()["items"]
    assert outsider.email not in str(listed)
    assert {item["event"] for item in listed} == {"api_key.created", "export.downloaded"}
    theirs = Client()
    theirs.force_login(outsider)
    assert [i["event"] for i in theirs.get("/api/v1/audit-log").json()["items"]] == ["sign_in.failed"]


def test_the_api_filters_by_date(team: Team) -> None:
    team.client("owner").post("/api/v1/api-keys", {"name": "Ours"}, content_type="application/json")
    assert team.client("owner").get("/api/v1/audit-log", {"until": "2000-01-01"}).json()["items"] == []
    assert team.client("owner").get("/api/v1/audit-log", {"since": "2000-01-01"}).json()["count"] == 1


def test_attempts_on_a_locked_account_are_failures_too(team: Team, settings: Any) -> None:
    settings.ASSAY_LOGIN_MAX_FAILURES = 2
    owner = team.users["owner"]
    for _ in range(3):  # the second locks the account; the third is refused before its password is tried
        Client().post("/login/", {"email": owner.email, "password": "wrong"})
    assert _events(team).count("sign_in.failed") == 3
