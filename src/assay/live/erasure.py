"""Live sessions on an erased candidate's submission go with it: their recordings, runs and documents."""

from __future__ import annotations

from typing import Any

from assay.assessments.signals import candidate_erasing
from assay.live.models import LiveSession
from assay.submissions.models import Submission


def on_candidate_erasing(sender: Any, submissions: list[Submission], **kwargs: Any) -> None:
    # The session row holds the candidate's name and cascades to every recorded update and run.
    LiveSession.objects.filter(submission__in=submissions).delete()


def connect() -> None:
    candidate_erasing.connect(on_candidate_erasing, dispatch_uid="live-erasure")
