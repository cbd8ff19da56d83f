"""The real task path for the latency and throughput benchmarks: submissions queued, a WorkerPool grades them.

Not a benchmark itself. Django runs on a throwaway ASSAY_VAR_DIR (SQLite, the
database task queue); the platform caches (dependencies, PostgreSQL template,
reference calibration) are the repository's var/cache unless --cache-dir says
otherwise, so the numbers are those of a warm worker.
"""

from __future__ import annotations

import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from grading_common import LIBRARY, copy_solution, setup_django


@dataclass
class TaskPath:
    """A migrated throwaway database with bookings-api loaded and one organization."""

    organization: Any = None
    version: Any = None
    archives: dict[str, bytes] = field(default_factory=dict)

    @classmethod
    def create(cls, var_dir: Path, cache_dir: Path | None = None) -> TaskPath:
        setup_django(var_dir=var_dir, cache_dir=cache_dir)
        from django.core.management import call_command

        from assay.accounts.models import User
        from assay.accounts.services import create_organization
        from assay.challenges.models import Challenge
        from assay.challenges.services import load_library
        from assay.submissions.services import snapshot_bytes

        call_command("migrate", verbosity=0)
        report = load_library(LIBRARY, ["bookings-api"])
        assert report.loaded, f"bookings-api did not load: {report.refused}"
        owner = User.objects.create_user(email="bench@example.com", password="bench-password-123")  # noqa: S106 - a throwaway database
        path = cls(organization=create_organization("Bench", owner))
        path.version = Challenge.objects.get(slug="bookings-api").current_version
        with tempfile.TemporaryDirectory(prefix="assay-bench-src-") as tmp:
            for stack in ("python", "node"):
                path.archives[stack] = snapshot_bytes(copy_solution(stack, Path(tmp) / stack))
        return path

    def submit(self, stack: str, label: str) -> int:
        """Create the submission and enqueue its grading in one transaction, as a push does."""
        from django.db import transaction

        from assay.grading.services import enqueue
        from assay.submissions.services import create_submission

        with transaction.atomic():
            submission = create_submission(
                organization=self.organization,
                challenge_version=self.version,
                stack=stack,
                label=label,
                archive=self.archives[stack],
            )
            enqueue(submission)
        return int(submission.pk)

    @staticmethod
    def wait(ids: list[int], timeout: float, poll: float = 0.05) -> dict[int, float]:
        """Block until every submission is graded or failed; returns when each was first seen so (perf_counter)."""
        from django.db import close_old_connections

        from assay.submissions.models import Submission

        done: dict[int, float] = {}
        deadline = time.monotonic() + timeout
        while len(done) < len(ids):
            if time.monotonic() > deadline:
                raise TimeoutError(f"only {len(done)} of {len(ids)} submissions graded within {timeout:.0f}s")
            ended = Submission.objects.filter(
                pk__in=[i for i in ids if i not in done],
                state__in=[Submission.State.GRADED, Submission.State.FAILED],
            ).values_list("pk", flat=True)
            now = time.perf_counter()
            for pk in ended:
                done[pk] = now
            close_old_connections()
            time.sleep(poll)
        return done

    @staticmethod
    def outcome(submission_id: int) -> dict[str, Any]:
        """State, score and the recorded stage durations of the submission's latest run."""
        from assay.submissions.models import Submission

        submission = Submission.objects.get(pk=submission_id)
        run = submission.runs.order_by("-number").first()
        stages = {s.name: s.duration for s in run.stages.all()} if run else {}
        return {
            "id": submission_id,
            "stack": submission.stack,
            "state": submission.state,
            "score": submission.score,
            "attempts": submission.attempts,
            "claimed_at": run.started_at.isoformat() if run else None,
            "grading_seconds": (run.finished_at - run.started_at).total_seconds() if run and run.finished_at else None,
            "stages": stages,
        }
