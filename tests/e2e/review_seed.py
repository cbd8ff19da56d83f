"""Data for the reviewer's browser tests, written into a running server's database by `assay shell`:
members of each role, a reviewer of another organization, and submissions of the tiny-api challenge that
the server's own worker then grades with the real pipeline.

Run as: assay shell -c "from tests.e2e.review_seed import seed; seed('<folder>', '<hostile folder>')"
It prints one JSON line with the ids and sign-ins the test needs.
"""

from __future__ import annotations

import json
import shutil
import tempfile
from pathlib import Path

from django.db import transaction
from django.utils import timezone

from assay.accounts.models import Membership, Organization, User
from assay.accounts.roles import Role
from assay.accounts.services import create_organization
from assay.assessments.models import Assessment, Candidate
from assay.challenges.models import Challenge
from assay.grading.services import enqueue
from assay.repos import git
from assay.repos.services import create_repository, git_dir
from assay.submissions.services import create_submission, snapshot_bytes

PASSWORD = "correct horse battery"
HOSTILE = '<script>alert("name")</script><img src=x onerror=alert(1)>'


def _member(organization: Organization, role: Role, email: str) -> str:
    user = User.objects.create_user(email, PASSWORD, name=f"{role.label} {HOSTILE if role == Role.OWNER else ''}")
    Membership.objects.create(user=user, organization=organization, role=role)
    return email


def _commit_history(organization: Organization, starter: Path, final: Path) -> tuple[object, str]:
    """A repository whose history runs from the starter to ``final``, with hostile messages and authors."""
    repository = create_repository(organization, name="hostile candidate", starter=starter)
    bare = git_dir(repository)
    parent = git.resolve(bare, git.MAIN)
    work = Path(tempfile.mkdtemp())
    shutil.copytree(final, work, dirs_exist_ok=True, symlinks=True)
    commit = git.commit_work_tree(
        bare, work, message=f"Fix {HOSTILE} [x](javascript:alert(2))", author=(HOSTILE, "x@x.test"), parent=parent
    )
    git.git(bare, "update-ref", git.MAIN, commit)
    return repository, commit


@transaction.atomic
def seed(partial: str, hostile: str) -> None:
    team = Organization.objects.order_by("pk").first()
    assert team is not None
    version = Challenge.objects.get(slug="tiny-api").current_version
    emails = {
        "reviewer": _member(team, Role.REVIEWER, "rita.reviewer@example.test"),
        "viewer": _member(team, Role.VIEWER, "vic.viewer@example.test"),
    }
    rival = create_organization("Rival Corp", User.objects.create_user("oscar@rival.test", PASSWORD))
    emails["outsider"] = _member(rival, Role.REVIEWER, "rex.rival@example.test")
    graded = create_submission(
        organization=team,
        challenge_version=version,
        stack="python",
        label="Cara Candidate",
        archive=snapshot_bytes(Path(partial)),
    )
    starter = version.package().starter_dir("python")
    repository, commit = _commit_history(team, starter, Path(hostile))
    inert = create_submission(
        organization=team,
        challenge_version=version,
        stack="python",
        label=HOSTILE,
        archive=snapshot_bytes(Path(hostile)),
        commit=commit,
    )
    assessment = Assessment.objects.create(
        organization=team, title="Backend engineer", challenge_version=version, stacks=["python"]
    )
    now = timezone.now()
    Candidate.objects.create(
        organization=team,
        assessment=assessment,
        name=HOSTILE,
        email="h@example.test",
        state="submitted",
        start_by=now,
        started_at=now,
        submitted_at=now,
        stack="python",
        repository=repository,
        submission=inert,
    )
    enqueue(graded)
    enqueue(inert)
    print(json.dumps({"graded": graded.pk, "inert": inert.pk, "emails": emails, "password": PASSWORD}))
