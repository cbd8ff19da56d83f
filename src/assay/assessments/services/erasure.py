"""Erasing a candidate: everything Assay keeps of them goes, and the audit log says only that it happened.

Rows go in the caller's transaction; files (the repository, the snapshots) go after it commits, so a
rolled-back erasure loses nothing. A grading in flight for the candidate stops at its next stage: the
grading services find its run gone and record nothing more (grading.services.GradingCancelled).
"""

from __future__ import annotations

import shutil
from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone

from assay import storage
from assay.accounts.access import Actor, require_role
from assay.accounts.models import Organization
from assay.accounts.roles import Role
from assay.assessments import links
from assay.assessments.models import Candidate, CandidateEvent
from assay.assessments.signals import candidate_erasing
from assay.audit import events as audit_events
from assay.audit.services import record as audit
from assay.notifications.services import forget
from assay.repos.models import Repository
from assay.repos.services import git_dir
from assay.submissions.models import Submission

# The timeline kinds a decision leaves (see review.OUTCOME_EVENTS); retention counts from the latest.
DECISION_KINDS = ("advanced", "held", "rejected")


def erase_candidate(actor: Actor, candidate: Candidate) -> str:
    """An admin or owner erases the candidate; returns the public id the audit entry names."""
    require_role(actor, Role.ADMIN, "erase candidates")
    return _erase(actor, candidate, "Erased at the team's request")


def _mentions(candidate: Candidate) -> list[str]:
    """What names this one candidate in mail: their link, their page, their submission's pages. Never the
    bare name, which may be a part of someone else's."""
    mentions = [links.token_for(candidate), f"/assessments/candidates/{candidate.pk}/"]
    if candidate.submission_id:
        mentions.append(f"/submissions/{candidate.submission_id}/")
    return mentions


def _erase(actor: Actor | None, candidate: Candidate, why: str) -> str:
    public_id = str(candidate.public_id)
    submissions = list(Submission.objects.filter(pk__in=[candidate.submission_id or 0]))
    repository = Repository.objects.filter(pk__in=[candidate.repository_id or 0]).first()
    candidate_erasing.send(Candidate, candidate=candidate, submissions=submissions)
    forget(candidate.organization_id, candidate.email, _mentions(candidate))
    candidate.delete()
    for submission in submissions:
        submission.delete()
        _after_commit_remove_archive(submission)
    if repository is not None:
        folder = git_dir(repository)
        repository.delete()
        transaction.on_commit(lambda: shutil.rmtree(folder, ignore_errors=True))
    audit(actor, audit_events.ERASURE, target_id=public_id, summary=why, organization_id=candidate.organization_id)
    return public_id


def _after_commit_remove_archive(submission: Submission) -> None:
    # Snapshots are stored by content: another submission with the very same files shares the file.
    if Submission.objects.filter(archive=submission.archive).exists():
        return
    name = submission.archive
    transaction.on_commit(lambda: storage.delete(name))


def decided_before(organization: Organization, cutoff: datetime) -> list[Candidate]:
    """Candidates of the organization whose latest decision is older than ``cutoff``."""
    latest: dict[int, datetime] = {}
    decisions = CandidateEvent.objects.filter(candidate__organization=organization, kind__in=DECISION_KINDS)
    for candidate_id, at in decisions.values_list("candidate_id", "at"):
        latest[candidate_id] = max(at, latest.get(candidate_id, at))
    due = [pk for pk, at in latest.items() if at < cutoff]
    return list(Candidate.objects.filter(pk__in=due))


def erase_expired() -> int:
    """Housekeeping: erase the candidates decided more than their organization's retention ago."""
    erased = 0
    for organization in Organization.objects.filter(retention_days__isnull=False):
        cutoff = timezone.now() - timedelta(days=organization.retention_days or 0)
        for candidate in decided_before(organization, cutoff):
            with transaction.atomic():
                days = organization.retention_days
                _erase(None, candidate, f"Erased by the retention setting ({days} days after the decision)")
            erased += 1
    return erased
