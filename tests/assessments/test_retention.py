"""Retention: an owner sets how long candidates are kept after the decision; housekeeping erases those past it."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone

from assay.assessments.models import Assessment, Candidate, CandidateEvent
from assay.assessments.services import erase_expired
from assay.audit.models import AuditEntry
from tests.conftest import Team
from tests.reviews.candidates import assessment_for, graded

pytestmark = pytest.mark.django_db


def _decide(team: Team, candidate: Candidate, days_ago: int) -> None:
    url = f"/assessments/candidates/{candidate.pk}/decision/"
    assert team.client("reviewer").post(url, {"outcome": "reject", "reason": "Not now"}).status_code == 302
    back = timezone.now() - timedelta(days=days_ago)
    CandidateEvent.objects.filter(candidate=candidate, kind="rejected").update(at=back)


@pytest.fixture
def assessment(team: Team) -> Assessment:
    return assessment_for(team)


def test_candidates_decided_longer_ago_than_the_setting_are_erased(
    team: Team, assessment: Assessment, tmp_path: Path
) -> None:
    old = graded(team, assessment, "Olga Old", "olga@example.test", tmp_path)
    recent = graded(team, assessment, "Rita Recent", "rita@example.test", tmp_path)
    graded(team, assessment, "Una Undecided", "una@example.test", tmp_path)
    _decide(team, old, days_ago=31)
    _decide(team, recent, days_ago=29)

    assert erase_expired() == 0, "off by default: nothing is erased"
    patched = team.client("owner").patch(
        "/api/v1/organization", json.dumps({"retention_days": 30}), content_type="application/json"
    )
    assert patched.status_code == 200 and patched.json()["retention_days"] == 30

    assert erase_expired() == 1
    assert set(Candidate.objects.values_list("email", flat=True)) == {"rita@example.test", "una@example.test"}
    entry = AuditEntry.objects.get(event="candidate.erased")
    assert (entry.target_id, entry.actor_label) == (str(old.public_id), "Assay")
    assert "30 days" in entry.summary


def test_only_owners_set_retention_and_it_is_audited(team: Team) -> None:
    body = json.dumps({"retention_days": 7})
    assert team.client("admin").patch("/api/v1/organization", body, content_type="application/json").status_code == 403
    page = team.client("owner").post("/organization/retention/", {"retention_days": "0"})
    assert page.status_code == 422 and "1 to 3650 days" in page.content.decode()
    assert team.client("owner").post("/organization/retention/", {"retention_days": "90"}).status_code == 302
    team.organization.refresh_from_db()
    assert team.organization.retention_days == 90
    assert AuditEntry.objects.filter(event="settings.changed", summary__contains="90 days").exists()
    team.client("owner").post("/organization/retention/", {"retention_days": ""})
    team.organization.refresh_from_db()
    assert team.organization.retention_days is None
