"""A team's imported version waits for validation before candidates meet it, and never moves an assessment.

The validation itself (the real grader on the package) runs in tests/e2e/test_team_challenge.py; here the
version's state is what the grader would have recorded.
"""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.test import Client

from assay.challenges.models import ChallengeVersion, Validation
from assay.grading import tasks, team_validation
from tests.conftest import make_organization


def import_folder(organization, folder) -> ChallengeVersion:
    call_command("challenges", "import", str(folder), "--organization", organization.slug, stdout=io.StringIO())
    return ChallengeVersion.objects.filter(challenge__organization=organization).latest("id")


def create_assessment(client: Client):
    body = {"title": "Backend engineer", "challenge": "tiny-api", "stacks": ["python"]}
    return client.post("/api/v1/assessments", body, content_type="application/json")


@pytest.fixture
def api(team, var_dir) -> Client:
    return team.api("admin")


def test_no_assessment_on_a_version_pending_validation(team, api, package_dir):
    import_folder(team.organization, package_dir)

    response = create_assessment(api)

    assert response.status_code == 422
    assert (
        "tiny-api is pending validation: candidates can be invited to it only once it is validated"
        in (response.json()["detail"])
    )


def test_a_failed_validation_is_shown_and_refuses_assessments(team, api, package_dir):
    version = import_folder(team.organization, package_dir)
    report = {"verdicts": [{"subject": "solution python", "expected": ">= 95", "score": 40.0, "ok": False,
                            "problems": ["scored 40.0, below 95"]}]}  # fmt: skip
    ChallengeVersion.objects.filter(id=version.id).update(validation=Validation.FAILED, validation_report=report)

    page = team.client("viewer").get("/library/tiny-api/").content.decode()

    assert "Validation: Validation failed" in page and "scored 40.0, below 95" in page
    assert create_assessment(api).status_code == 422


def test_a_new_version_never_changes_an_existing_assessment(team, api, package_dir):
    first = import_folder(team.organization, package_dir)
    ChallengeVersion.objects.filter(id=first.id).update(validation=Validation.PASSED)
    created = create_assessment(api)
    assert created.status_code == 201, created.content

    (package_dir / "brief.md").write_text("# A changed brief\n")
    second = import_folder(team.organization, package_dir)

    assert second.id != first.id and second.validation == Validation.PENDING
    assessment = api.get(f"/api/v1/assessments/{created.json()['id']}").json()
    assert assessment["challenge_version"] == first.content_hash
    # New assessments wait for the new version's validation.
    assert create_assessment(api).status_code == 422


def test_validations_run_within_a_quota_per_organization(team, var_dir, package_dir, library, settings):
    settings.ASSAY_TEAM_VALIDATIONS_PER_ORGANIZATION = 1
    first = import_folder(team.organization, package_dir)
    (package_dir / "brief.md").write_text("# A changed brief\n")
    second = import_folder(team.organization, package_dir)
    elsewhere = import_folder(make_organization("Other Hiring"), package_dir)

    assert team_validation.claim(first.id) == team_validation.CLAIMED
    assert team_validation.claim(second.id) == team_validation.BUSY  # the organization's one slot is taken
    assert team_validation.claim(elsewhere.id) == team_validation.CLAIMED  # another organization has its own
    assert team_validation.claim(first.id) == team_validation.DONE  # claimed once, never twice


def test_validation_is_queued_below_candidates_gradings() -> None:
    queued = tasks.below(tasks.validate_team_version, tasks.VALIDATION_PRIORITY)  # the database queue orders by it
    assert queued.priority < tasks.grade_submission.priority
    assert queued.queue_name == tasks.grade_submission.queue_name == "grading"


def test_on_a_queue_without_priorities_validation_is_queued_as_it_is(settings) -> None:
    settings.TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default", "grading"]}}
    assert tasks.below(tasks.validate_team_version, tasks.VALIDATION_PRIORITY) is tasks.validate_team_version


def test_another_organization_cannot_create_an_assessment_on_a_teams_challenge(team, var_dir, package_dir):
    version = import_folder(team.organization, package_dir)
    ChallengeVersion.objects.filter(id=version.id).update(validation=Validation.PASSED)

    response = create_assessment(team.api("outsider"))

    assert response.status_code == 422
    assert "There is no challenge 'tiny-api' in the library" in response.json()["detail"]
    assert create_assessment(team.api("admin")).status_code == 201
