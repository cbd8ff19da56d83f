"""The Greenhouse assessment-partner contract, mapped onto assessments and candidates.

Greenhouse holds one key per organization (issued here, sent as the HTTP Basic user name with an empty
password). ``list_tests`` offers the organization's open assessments; ``send_test`` invites the candidate (the
same email again is the same candidate) and answers the candidate's public id as ``partner_interview_id``;
``test_status`` answers where the candidate is, with the score and a link to the report once graded. Assay
also PATCHes that status to the URL Greenhouse gave with the test when grading and review finish, so
Greenhouse need not wait for its next poll.
"""

from __future__ import annotations

import base64
import binascii
import json
import uuid
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from assay.accounts.access import Actor, require_role
from assay.accounts.models import Organization
from assay.accounts.roles import Role
from assay.accounts.services import new_key_secret, secret_matches
from assay.assessments.models import Assessment, Candidate
from assay.assessments.services import invitations
from assay.audit import events
from assay.audit.services import record
from assay.errors import Conflict, InvalidInput, NotFound
from assay.integrations.models import GreenhouseKey, GreenhouseOrder
from assay.integrations.webhooks import addresses, sender

KEY_PREFIX = "gh_"
MAX_KEY_CHARS = 170  # Greenhouse takes keys of fewer than 171 characters
REPORT_DELAYS = (60, 300, 1500, 7200)  # seconds before report attempts 2, 3, ...; Greenhouse also polls hourly
REPORT_ATTEMPTS = len(REPORT_DELAYS) + 1
UNAUTHORIZED = "Send this organization's Greenhouse key from Assay as the HTTP Basic user name."
S = Candidate.State
_STATUS = {
    S.GRADED: "complete",
    S.REVIEWED: "complete",
    S.ADVANCED: "complete",
    S.REJECTED: "complete",
    S.EXPIRED: "expired",
    S.WITHDRAWN: "withdrawn",
}
_DECISIONS = {S.ADVANCED: "Advanced", S.REJECTED: "Rejected"}


# Keys -----------------------------------------------------------------------------------------


def keys(actor: Actor) -> Any:
    require_role(actor, Role.ADMIN, "manage the Greenhouse connection")
    return GreenhouseKey.objects.filter(organization=actor.organization)


def create_key(actor: Actor, name: str) -> tuple[GreenhouseKey, str]:
    """A new key and its plaintext, which is never available again."""
    name = name.strip()
    if not name or len(name) > 80:
        raise InvalidInput("Name the key (1 to 80 characters).", fields={"name": ["1-80 characters."]})
    if keys(actor).filter(name=name, revoked_at__isnull=True).exists():
        raise Conflict(f"An active Greenhouse key named {name!r} already exists; pick another name.")
    prefix, secret, digest = new_key_secret()
    key = GreenhouseKey.objects.create(
        organization=actor.organization, name=name, prefix=prefix, secret_hash=digest, created_by=actor.user
    )
    record(actor, events.API_KEY_CREATED, target=key, summary=f"Greenhouse key {name!r}")
    return key, f"{KEY_PREFIX}{prefix}_{secret}"


def revoke_key(actor: Actor, key_id: int) -> GreenhouseKey:
    key = keys(actor).filter(pk=key_id).first()
    if key is None:
        raise NotFound(f"No Greenhouse key with id {key_id} in this organization.")
    if key.revoked_at is None:
        key.revoked_at = timezone.now()
        key.save(update_fields=["revoked_at"])
        record(actor, events.API_KEY_REVOKED, target=key, summary=f"Greenhouse key {key.name!r}")
    return key


def key_from_header(authorization: str) -> GreenhouseKey | None:
    """The active key an ``Authorization: Basic`` header carries as its user name, or None."""
    scheme, _, encoded = authorization.partition(" ")
    if scheme.lower() != "basic":
        return None
    try:
        user, _, _password = base64.b64decode(encoded.strip(), validate=True).decode().partition(":")
    except (binascii.Error, UnicodeDecodeError):
        return None
    if not user.startswith(KEY_PREFIX) or len(user) > MAX_KEY_CHARS:
        return None
    prefix, _, secret = user.removeprefix(KEY_PREFIX).partition("_")
    key = GreenhouseKey.objects.select_related("organization").filter(prefix=prefix, revoked_at__isnull=True).first()
    if key is None or not secret_matches(key.secret_hash, secret):
        return None
    GreenhouseKey.objects.filter(pk=key.pk).update(last_used_at=timezone.now())
    return key


# The four endpoints ---------------------------------------------------------------------------


def list_tests(organization: Organization) -> list[dict[str, str]]:
    open_assessments = Assessment.objects.filter(organization=organization, archived_at__isnull=True)
    return [{"partner_test_id": str(a.public_id), "partner_test_name": a.title} for a in open_assessments]


@dataclass(frozen=True)
class SendTest:
    """The parts of Greenhouse's send_test body Assay uses."""

    partner_test_id: str
    name: str
    email: str
    callback_url: str
    profile_url: str
    application_id: int | None

    @classmethod
    def parse(cls, body: Any) -> SendTest:
        if not isinstance(body, dict):
            raise InvalidInput("The body must be a JSON object.", fields={"body": ["Expected an object."]})
        candidate = body.get("candidate")
        if not isinstance(candidate, dict):
            raise InvalidInput("candidate is missing.", fields={"candidate": ["Expected an object."]})
        names = [str(candidate.get(part) or "").strip() for part in ("first_name", "last_name")]
        application = candidate.get("greenhouse_application_id") or body.get("greenhouse_application_id")
        return cls(
            partner_test_id=str(body.get("partner_test_id") or ""),
            name=" ".join(n for n in names if n) or str(candidate.get("email") or ""),
            email=str(candidate.get("email") or ""),
            callback_url=str(body.get("url") or ""),
            profile_url=str(candidate.get("greenhouse_profile_url") or "")[:500],
            application_id=application if isinstance(application, int) else None,
        )


def _assessment(organization: Organization, partner_test_id: str) -> Assessment:
    try:
        public_id = uuid.UUID(partner_test_id)
    except ValueError:
        public_id = None
    found = Assessment.objects.filter(organization=organization, public_id=public_id).first() if public_id else None
    if found is None:
        raise NotFound(f"No test {partner_test_id!r}: ask list_tests for this organization's tests.")
    return found


@transaction.atomic
def send_test(key: GreenhouseKey, body: Any) -> Candidate:
    """Invite the candidate Greenhouse names to the test it names; the same email again is the same candidate."""
    request = SendTest.parse(body)
    if request.callback_url:
        addresses.resolve(request.callback_url)  # refused now rather than at the first report
    assessment = _assessment(key.organization, request.partner_test_id)
    actor = Actor(organization=key.organization, role=Role.ADMIN, via="Greenhouse")
    candidate, _ = invitations.invite(actor, assessment, request.name, request.email)
    GreenhouseOrder.objects.update_or_create(
        candidate=candidate,
        defaults={
            "organization": key.organization,
            "key": key,
            "application_id": request.application_id,
            "profile_url": request.profile_url,
            "callback_url": request.callback_url[:500],
        },
    )
    return candidate


def candidate_of(organization: Organization, partner_interview_id: str) -> Candidate:
    try:
        public_id = uuid.UUID(partner_interview_id)
    except ValueError:
        public_id = None
    found = (
        Candidate.objects.filter(organization=organization, public_id=public_id)
        .select_related("assessment", "submission")
        .first()
        if public_id
        else None
    )
    if found is None:
        raise NotFound(f"No test was sent with partner_interview_id {partner_interview_id!r}.")
    return found


def test_status(candidate: Candidate) -> dict[str, Any]:
    """Greenhouse's test_status answer for a candidate: their status, and once graded the score and report."""
    status = _STATUS.get(S(candidate.state), "incomplete")
    submission = candidate.submission
    score = round(submission.score, 1) if status == "complete" and submission and submission.score is not None else None
    metadata: dict[str, str] = {"Assessment": candidate.assessment.title, "Assay status": S(candidate.state).label}
    if candidate.stack:
        metadata["Stack"] = candidate.stack
    if candidate.submitted_at:
        metadata["Submitted at"] = candidate.submitted_at.isoformat()
    if decision := _DECISIONS.get(S(candidate.state)):
        metadata["Decision"] = decision
    path = reverse("assessments:candidate-detail", args=[candidate.pk])
    return {
        "partner_status": status,
        "partner_profile_url": f"{settings.SITE_URL}{path}",
        "partner_score": score,
        "metadata": metadata,
    }


def record_error(organization: Organization, body: Any) -> None:
    """Greenhouse says one of Assay's answers was wrong: keep what it said on the test's order for the team."""
    if not isinstance(body, dict):
        raise InvalidInput("The body must be a JSON object.", fields={"body": ["Expected an object."]})
    candidate = candidate_of(organization, str(body.get("partner_interview_id") or ""))
    said = json.dumps(body, sort_keys=True)[:4000]
    GreenhouseOrder.objects.filter(candidate=candidate).update(greenhouse_error=said)


# Reporting back -------------------------------------------------------------------------------


def queue_report(order_id: int, attempt: int = 1) -> None:
    from assay.integrations.greenhouse.tasks import report_to_greenhouse

    task = report_to_greenhouse
    if attempt > 1:
        task = task.using(run_after=timezone.now() + timedelta(seconds=REPORT_DELAYS[attempt - 2]))
    transaction.on_commit(lambda: task.enqueue(order_id, attempt))


def report(order_id: int, attempt: int) -> str:
    """PATCH the candidate's status to Greenhouse; a failure queues the next attempt, up to REPORT_ATTEMPTS."""
    order = GreenhouseOrder.objects.select_related("candidate__assessment", "candidate__submission").get(pk=order_id)
    status = test_status(order.candidate)
    answer = sender.send("PATCH", order.callback_url, json.dumps(status).encode(), {"Content-Type": "application/json"})
    if answer.succeeded:
        order.reported_status, order.reported_at, order.report_error = status["partner_status"], timezone.now(), ""
        order.save(update_fields=["reported_status", "reported_at", "report_error"])
        return "reported"
    order.report_error = (answer.error or f"Greenhouse answered {answer.status_code}")[:300]
    order.save(update_fields=["report_error"])
    if attempt < REPORT_ATTEMPTS:
        queue_report(order_id, attempt + 1)
        return "retry queued"
    return "gave up; Greenhouse will read the status when it polls"
