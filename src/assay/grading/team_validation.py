"""Validating a hiring team's own challenge version through the real grader before it can be used.

Its reference solutions, starters and flawed variants are graded and judged exactly as
`assay challenges validate` judges the shipped library (`assay.grading.validation`); the version becomes
invitable only when every verdict holds. Each organization validates at most
``ASSAY_TEAM_VALIDATIONS_PER_ORGANIZATION`` versions at once; the claim is a conditional UPDATE under a
lock on the organization row, so two workers never validate one version twice nor pass the quota.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import transaction

from assay.accounts.models import Organization
from assay.challenges.models import ChallengeVersion, Validation
from assay.grading.validation import Verdict, validate_package

CLAIMED, BUSY, DONE = "claimed", "busy", "done"


def claim(version_id: int) -> str:
    """Mark a pending version running: CLAIMED, or BUSY (quota full, try later), or DONE (nothing to do)."""
    with transaction.atomic():
        version = ChallengeVersion.objects.select_related("challenge").filter(id=version_id).first()
        if version is None or version.challenge.organization_id is None or version.validation != Validation.PENDING:
            return DONE
        Organization.objects.select_for_update().get(id=version.challenge.organization_id)
        running = ChallengeVersion.objects.filter(
            challenge__organization_id=version.challenge.organization_id, validation=Validation.RUNNING
        ).count()
        if running >= settings.ASSAY_TEAM_VALIDATIONS_PER_ORGANIZATION:
            return BUSY
        claimed = ChallengeVersion.objects.filter(id=version_id, validation=Validation.PENDING).update(
            validation=Validation.RUNNING
        )
    return CLAIMED if claimed else DONE


def validate(version_id: int) -> str:
    """Grade and judge a claimed version, and record the verdict and its report. Returns the new state."""
    version = ChallengeVersion.objects.select_related("challenge").get(id=version_id)
    try:
        outcome = validate_package(version.package())
        report: dict[str, Any] = {"verdicts": [_verdict(v) for v in outcome.verdicts]}
        passed = bool(outcome.verdicts) and all(v.ok for v in outcome.verdicts)
    except Exception as exc:  # noqa: BLE001 - a broken package is a failed validation, never a stuck one
        report = {"verdicts": [], "error": f"{type(exc).__name__}: {exc}"}
        passed = False
    state = Validation.PASSED if passed else Validation.FAILED
    ChallengeVersion.objects.filter(id=version_id).update(validation=state, validation_report=report)
    return str(state)


def _verdict(verdict: Verdict) -> dict[str, Any]:
    return {
        "subject": verdict.subject.label,
        "expected": verdict.expectation,
        "score": verdict.score,
        "ok": verdict.ok,
        "problems": list(verdict.problems),
    }
