"""Live sessions in a running server's database, written by `assay shell` for the socket and browser tests.

Run as: assay shell -c "from tests.live.seed import seed; seed('<folder of files>')"
It prints one JSON line with the session ids and room tokens the test needs.
"""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path

from django.utils import timezone

from assay.accounts.access import Actor
from assay.accounts.models import Membership, Organization
from assay.accounts.roles import Role
from assay.live import links, services
from assay.live.models import LiveSession
from assay.submissions.services import create_submission, snapshot_bytes
from tests.reviews.conftest import tiny_version


def seed_graded(files: str) -> None:
    """A submission of the tiny-api challenge, queued for the server's own worker to grade."""
    from assay.grading.services import enqueue

    team = Organization.objects.order_by("pk").first()
    assert team is not None
    submission = create_submission(
        organization=team,
        challenge_version=tiny_version(),
        stack="python",
        label="Cara Candidate",
        archive=snapshot_bytes(Path(files)),
    )
    enqueue(submission)
    print(json.dumps({"submission": submission.pk}))


def seed(files: str) -> None:
    team = Organization.objects.order_by("pk").first()
    assert team is not None
    owner = Membership.objects.filter(organization=team, role=Role.OWNER).first()
    assert owner is not None
    actor = Actor(organization=team, role=Role.OWNER, user=owner.user)
    submission = create_submission(
        organization=team,
        challenge_version=tiny_version(),
        stack="python",
        label="Cara Candidate",
        archive=snapshot_bytes(Path(files)),
    )
    session, other, expired = (services.create_from_submission(actor, submission) for _ in range(3))
    LiveSession.objects.filter(pk=expired.pk).update(expires_at=timezone.now() - timedelta(minutes=1))
    print(
        json.dumps(
            {
                "session": session.pk,
                "other": other.pk,
                "interviewer": links.token_for(session, links.INTERVIEWER),
                "candidate": links.token_for(session, links.CANDIDATE),
                "other_candidate": links.token_for(other, links.CANDIDATE),
                "other_interviewer": links.token_for(other, links.INTERVIEWER),
                "expired": expired.pk,
                "expired_candidate": links.token_for(expired, links.CANDIDATE),
            }
        )
    )
