"""Creating, recording, running and ending live sessions. Views and the room's consumer call these."""

from __future__ import annotations

import tempfile
from datetime import datetime, timedelta
from pathlib import Path

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone

from assay.accounts.access import Actor, require_role
from assay.accounts.roles import Role
from assay.challenges.models import Challenge
from assay.errors import Conflict, InvalidInput
from assay.grading.workspace_runs import test_command
from assay.live import documents, service
from assay.live.models import LiveRun, LiveSession, LiveUpdate
from assay.submissions.models import Submission
from assay.submissions.services import extract_snapshot

ACTION = "run live sessions"
RUN_SECONDS = 120  # a run's wall-clock limit in the sandbox
NOTES_CHARS = 50_000


def _create(actor: Actor, workspace: Path, **fields: object) -> LiveSession:
    require_role(actor, Role.REVIEWER, ACTION)
    files, skipped = documents.read_workspace(workspace)
    session = LiveSession.objects.create(
        organization=actor.organization,
        interviewer=actor.user,
        expires_at=timezone.now() + timedelta(hours=settings.ASSAY_LIVE_HOURS),
        skipped_files=skipped,
        **fields,
    )
    LiveUpdate.objects.create(session=session, data=documents.seed_update(files))
    return session


def create_from_submission(actor: Actor, submission: Submission) -> LiveSession:
    """A session on the submitted files (the submitted commit, never a later push)."""
    with tempfile.TemporaryDirectory(prefix="assay-live-") as scratch:
        workspace = extract_snapshot(submission, Path(scratch))
        return _create(
            actor,
            workspace,
            title=f"Live session with {submission.label}",
            submission=submission,
            challenge_slug=submission.challenge_version.challenge.slug,
            stack=submission.stack,
            candidate_name=submission.label,
        )


def create_from_starter(actor: Actor, challenge: Challenge, stack: str, candidate_name: str) -> LiveSession:
    version = challenge.current_version
    package = version.package() if version else None
    if version is None or package is None or stack not in package.stacks:
        raise InvalidInput(f"{challenge.slug} has no starter for {stack!r}.", fields={"stack": ["Pick a stack."]})
    name = candidate_name.strip()[:200] or "Candidate"
    return _create(
        actor,
        package.starter_dir(stack),
        title=f"Live session with {name} on {version.title}",
        challenge_slug=challenge.slug,
        stack=stack,
        candidate_name=name,
    )


def end(actor: Actor, session: LiveSession) -> LiveSession:
    """End the session: its links stop working and its runs stop; the recording is kept."""
    require_role(actor, Role.REVIEWER, ACTION)
    LiveSession.objects.filter(pk=session.pk, ended_at__isnull=True).update(ended_at=timezone.now())
    session.refresh_from_db()
    return session


def has_ended(session_id: int) -> bool:
    """Ended or expired: what a run or the service asks to know it must stop."""
    return not LiveSession.objects.filter(pk=session_id, ended_at__isnull=True, expires_at__gt=timezone.now()).exists()


def close_idle() -> list[int]:
    """End the open sessions with no update and no connection for ASSAY_LIVE_IDLE_MINUTES; their recording
    stays. Housekeeping calls it; the ids it returns are the sessions it ended."""
    since = timezone.now() - timedelta(minutes=settings.ASSAY_LIVE_IDLE_MINUTES)
    idle = LiveSession.objects.filter(ended_at__isnull=True, last_activity_at__lt=since)
    ids = list(idle.values_list("pk", flat=True))
    # Conditional: a session that woke up between the two queries is left open.
    LiveSession.objects.filter(pk__in=ids, last_activity_at__lt=since).update(ended_at=timezone.now())
    ended = list(LiveSession.objects.filter(pk__in=ids, ended_at__isnull=False).values_list("pk", flat=True))
    for session_id in ended:
        service.stop(session_id)
        announce(session_id, "room.ended")
    return ended


def announce(session_id: int, what: str) -> None:
    """Tell the room's connections, in whichever process they are, that the session changed."""
    async_to_sync(get_channel_layer().group_send)(group(session_id), {"type": what})


def group(session_id: int) -> str:
    """The room's group on the channel layer: every connection to the session, in any process."""
    return f"live-{session_id}"


def touch(session_id: int) -> None:
    LiveSession.objects.filter(pk=session_id).update(last_activity_at=timezone.now())


def save_notes(actor: Actor, session: LiveSession, notes: str) -> LiveSession:
    """The interviewer's private notes on the session (the team sees them; the candidate never does)."""
    require_role(actor, Role.REVIEWER, ACTION)
    if len(notes) > NOTES_CHARS:
        raise InvalidInput(f"Notes are limited to {NOTES_CHARS} characters.", fields={"notes": ["Too long."]})
    session.notes = notes
    session.notes_saved_at = timezone.now()
    session.save(update_fields=["notes", "notes_saved_at"])
    return session


def revoke_candidate_link(actor: Actor, session: LiveSession) -> LiveSession:
    """A new candidate link; the old one (leaked, or opened in a second browser) stops working."""
    require_role(actor, Role.REVIEWER, ACTION)
    session.link_nonce = LiveSession._meta.get_field("link_nonce").get_default()
    session.save(update_fields=["link_nonce"])
    return session


def record_many(updates: list[tuple[int, datetime, bytes]]) -> None:
    """Store updates of sessions' documents (session id, arrival time, update), in that order."""
    LiveUpdate.objects.bulk_create(LiveUpdate(session_id=s, at=at, data=data) for s, at, data in updates)
    if updates:
        LiveSession.objects.filter(pk__in={s for s, _, _ in updates}).update(last_activity_at=updates[-1][1])


def recording(session: LiveSession) -> list[tuple[float, bytes]]:
    """The session's updates in arrival order, each with its time (seconds since the epoch)."""
    rows = LiveUpdate.objects.filter(session=session).values_list("at", "data")
    return [(at.timestamp(), bytes(data)) for at, data in rows]


def current_files(session: LiveSession) -> dict[str, str]:
    return documents.files_of(documents.rebuild(data for _, data in recording(session)))


def start_run(session: LiveSession, command: str) -> LiveRun:
    """Claim the next run of the session: one at a time, at most ASSAY_LIVE_RUNS_PER_SESSION in all."""
    command = command.strip()
    if not command or len(command) > 500:
        raise InvalidInput("Give a command of at most 500 characters.", fields={"command": ["Required."]})
    runs = LiveRun.objects.filter(session=session)
    # A run whose process stopped (a restart) never finishes: past its time limit it no longer blocks.
    recent = timezone.now() - timedelta(seconds=RUN_SECONDS + 30)
    if runs.filter(state=LiveRun.State.RUNNING, started_at__gt=recent).exists():
        raise Conflict("A run is still going; wait for it to finish.")
    limit = settings.ASSAY_LIVE_RUNS_PER_SESSION
    number = (runs.aggregate(n=Max("number"))["n"] or 0) + 1
    if number > limit:
        raise Conflict(f"This session has used its {limit} runs.")
    try:
        with transaction.atomic():
            return LiveRun.objects.create(session=session, number=number, command=command)
    except IntegrityError:
        raise Conflict("A run is still going; wait for it to finish.") from None


def finish_run(run: LiveRun, state: str, exit_code: int | None) -> None:
    LiveRun.objects.filter(pk=run.pk).update(state=state, exit_code=exit_code, finished_at=timezone.now())


def test_command_of(session: LiveSession) -> str:
    """The test command of the workspace's assay.toml as it is now."""
    config = current_files(session).get("assay.toml")
    with tempfile.TemporaryDirectory(prefix="assay-live-") as scratch:
        if config is not None:
            (Path(scratch) / "assay.toml").write_text(config)
        command = test_command(Path(scratch))
    if not command:
        raise InvalidInput("The workspace's assay.toml declares no test command.")
    return command
