"""The AI reviewer's narrative of a graded run (docs/ai-review.md).

Queued when grading tells the rest of Assay a submission is graded, and written by its own task, so grading
never waits for it. It reads the stored report and the submitted files and writes only its own row: no
score is read back from it or written by it. Every way it can fail ends in a "no narrative" with the reason.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from functools import partial
from typing import Any

from django.db import transaction
from django.utils import timezone

from assay.accounts.access import Actor
from assay.grading import services as grading
from assay.grading.models import GradingRun
from assay.reviews import blind
from assay.reviews.models import Narrative
from assay.reviews.services import ai_settings, narrative_answer, narrative_prompt
from assay.reviews.services.ai_budget import reserve, tokens_this_month
from assay.reviews.services.narrative_prompt import CHARS_PER_TOKEN
from assay.reviews.services.reviewer_client import Endpoint, ReviewerUnavailable, complete
from assay.submissions.models import Submission

__all__ = ["of_run", "on_submission_graded", "tokens_this_month", "write"]
logger = logging.getLogger("assay.reviews")
REMOVED = "[removed: blind review]"
_EMAIL = r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+"


def on_submission_graded(sender: Any, submission_id: int, **kwargs: Any) -> None:
    """grading.signals.submission_graded: queue a narrative of the newest run when the reviewer is on.

    Never raises: the signal's other listeners (the candidate's lifecycle) must run whatever happens here.
    """
    try:
        _queue(submission_id)
    except Exception:
        logger.exception("AI reviewer: could not queue a narrative of submission %s", submission_id)


def _queue(submission_id: int) -> None:
    from assay.reviews.tasks import write_narrative

    with transaction.atomic():  # sent after grading's transaction committed: this one is ours
        submission = Submission.objects.filter(pk=submission_id).first()
        if submission is None or ai_settings.active(submission.organization_id) is None:
            return
        run = grading.latest_run(submission)
        if run is None or run.state != GradingRun.State.GRADED:
            return
        narrative, created = Narrative.objects.get_or_create(
            run=run, defaults={"organization_id": submission.organization_id, "submission": submission}
        )
        if created:
            transaction.on_commit(partial(write_narrative.enqueue, narrative.pk))


def of_run(actor: Actor, run: GradingRun | None) -> Narrative | None:
    """The narrative of a run the actor may see (the run came through access.submission)."""
    if run is None:
        return None
    return Narrative.objects.filter(run=run, organization=actor.organization).first()


def write(narrative_id: int) -> str:
    """Write one narrative; safe to run twice (only a waiting narrative is claimed). Returns what happened."""
    claimed = Narrative.objects.filter(pk=narrative_id, state=Narrative.State.PENDING).update(
        state=Narrative.State.WRITING, started_at=timezone.now()
    )
    if not claimed:
        return "skipped: already written or being written"
    narrative = Narrative.objects.select_related("submission", "run").get(pk=narrative_id)
    try:
        return _write(narrative)
    except Exception:
        # Whatever went wrong on Assay's side, the narrative says so and frees its reserved tokens.
        logger.exception("AI reviewer: narrative %s failed", narrative_id)
        return _none(narrative, "Assay could not prepare the request (the operators' log has the details)")


def _write(narrative: Narrative) -> str:
    reviewer = ai_settings.active(narrative.organization_id)
    if reviewer is None:
        return _none(narrative, "the AI reviewer was turned off before it was written")
    with transaction.atomic():
        allowed, why = reserve(narrative)
    if not allowed:
        return _none(narrative, why)
    report = grading.report_of(narrative.run)
    prompt = narrative_prompt.build(narrative.submission, report, allowed, _scrubber(narrative.submission))
    if prompt is None:
        return _none(narrative, f"the report alone does not fit in the {allowed} tokens left")
    narrative.left_out = prompt.left_out
    endpoint = Endpoint(reviewer.base_url, reviewer.model, ai_settings.decrypt(reviewer.api_key_encrypted))
    narrative.model = reviewer.model
    try:
        completion = complete(endpoint, prompt.messages, prompt.max_tokens)
    except ReviewerUnavailable as error:
        return _none(narrative, str(error))
    used = completion.prompt_tokens + completion.completion_tokens
    if not used:  # the endpoint did not count: charge the estimate
        used = (sum(len(m["content"]) for m in prompt.messages) + len(completion.text)) // CHARS_PER_TOKEN
    parsed = narrative_answer.parse(completion.text, prompt.finding_ids, prompt.files)
    if parsed is None:
        return _none(narrative, "the endpoint's answer was not the JSON asked for", used)
    content, dropped = parsed
    narrative.dropped = dropped
    if not any(content.values()):
        return _none(narrative, "every item of the answer cited no real finding or file", used)
    return _finish(narrative, Narrative.State.WRITTEN, used, content=content)


def _none(narrative: Narrative, reason: str, used: int = 0) -> str:
    return _finish(narrative, Narrative.State.NONE, used, reason=reason)


def _finish(narrative: Narrative, state: str, used: int, *, reason: str = "", content: Any = None) -> str:
    narrative.state = state
    narrative.reason = reason
    narrative.content = content or {}
    narrative.tokens_used = used
    narrative.tokens_reserved = 0
    narrative.finished_at = timezone.now()
    narrative.save()
    return f"no narrative: {reason}" if state == Narrative.State.NONE else f"written ({used} tokens)"


def _scrubber(submission: Submission) -> Callable[[str], str]:
    """Under blind review, the candidate's name and every email address are removed before anything is sent."""
    candidate = blind.candidate_of(submission)
    if candidate is None or not blind.enabled(candidate.assessment):
        return lambda text: text
    names = (candidate.email, candidate.name, *candidate.name.split())
    words = [rf"\b{re.escape(w)}\b" for w in names if len(w) > 2]
    pattern = re.compile("|".join([_EMAIL, *sorted(words, key=len, reverse=True)]), re.IGNORECASE)
    return lambda text: pattern.sub(REMOVED, text)
