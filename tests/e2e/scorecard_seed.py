"""Seed a running embedded Assay (run in a subprocess with the server's ASSAY_VAR_DIR) with what a hiring team
has after two candidates submitted: an assessment with two assigned reviewers, two graded submissions.

The submissions are graded through the grading services with a report written here (as tests/reviews do):
the browser test is about the reviewer's workspace, not the pipeline, which tests/e2e/test_candidate_loop.py
drives end to end. Prints the ids as JSON.
"""

from __future__ import annotations

import json
import sys
from datetime import timedelta
from pathlib import Path

import django


def main(password: str) -> None:
    django.setup()
    from django.utils import timezone

    from assay.accounts.access import Actor
    from assay.accounts.models import Membership, Organization, User
    from assay.accounts.roles import Role
    from assay.assessments import services
    from assay.assessments.models import Candidate
    from tests.reviews.conftest import grade, make_submission, sample_report, tiny_version

    organization = Organization.objects.order_by("pk").first()
    assert organization is not None, "the demo organization is made on first start"
    reviewers = []
    for name, email in (("Rita Reviewer", "rita@example.test"), ("Rex Reviewer", "rex@example.test")):
        user = User.objects.create_user(email, password, name=name)
        Membership.objects.create(user=user, organization=organization, role=Role.REVIEWER)
        reviewers.append(user)
    owner = Actor(organization=organization, role=Role.OWNER)
    assessment = services.create_assessment(
        owner,
        title="Backend engineer",
        challenge=tiny_version().challenge,
        stacks=["python"],
        time_limit_minutes=240,
        start_window_days=7,
        reviewer_ids=[r.pk for r in reviewers],
    )
    people = [("Ada Lovelace", "ada@example.test"), ('=HYPERLINK("http://evil.test","x")', "mallory@example.test")]
    ids = []
    tmp = Path(sys.argv[2])
    for index, (name, email) in enumerate(people):
        candidate, _ = services.invite(owner, assessment, name, email)
        submission = make_submission(organization, None, tmp / f"c{index}")
        now = timezone.now()
        Candidate.objects.filter(pk=candidate.pk).update(
            submission=submission, state="submitted", started_at=now - timedelta(minutes=70 + index), submitted_at=now
        )
        report = sample_report() if index == 0 else sample_report(checks=sample_report().checks[1:])
        grade(submission, report)
        Candidate.objects.filter(pk=candidate.pk).update(state="graded")
        ids.append({"candidate": candidate.pk, "submission": submission.pk})
    print(json.dumps({"assessment": assessment.pk, "candidates": ids}))


if __name__ == "__main__":
    main(sys.argv[1])
