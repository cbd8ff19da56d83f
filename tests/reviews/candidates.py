"""Candidates of an assessment on the tiny-api challenge whose submissions are graded (part 2's tests)."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any

from django.utils import timezone

from assay.accounts.roles import Role
from assay.assessments import services
from assay.assessments.models import Assessment, Candidate
from assay.grading.report import Report
from tests.conftest import Team
from tests.reviews.conftest import grade, make_submission, sample_report, tiny_version


def assessment_for(team: Team, *, reviewers: tuple[str, ...] = (), title: str = "Backend engineer") -> Assessment:
    return services.create_assessment(
        team.actor(Role.OWNER),
        title=title,
        challenge=tiny_version().challenge,
        stacks=["python"],
        time_limit_minutes=240,
        start_window_days=7,
        reviewer_ids=[team.users[r].pk for r in reviewers],
    )


def submitted(team: Team, assessment: Assessment, name: str, email: str, tmp: Path) -> Candidate:
    """A candidate who started an hour ago and submitted (the submission queued for grading)."""
    candidate, _ = services.invite(team.actor(Role.OWNER), assessment, name, email)
    submission = make_submission(team.organization, None, tmp / f"c{candidate.pk}")
    now = timezone.now()
    Candidate.objects.filter(pk=candidate.pk).update(
        submission=submission, state="submitted", started_at=now - timedelta(minutes=61), submitted_at=now
    )
    candidate.refresh_from_db()
    return candidate


def graded(team: Team, assessment: Assessment, name: str, email: str, tmp: Path, **report: Any) -> Candidate:
    """A submitted candidate whose submission is graded with the sample report (``report`` overrides)."""
    candidate = submitted(team, assessment, name, email, tmp)
    assert candidate.submission is not None
    grade(candidate.submission, sample_report(**report) if report else None)
    Candidate.objects.filter(pk=candidate.pk).update(state="graded")
    candidate.refresh_from_db()
    return candidate


def report_with(**extra: Any) -> Report:
    return sample_report(**extra)
