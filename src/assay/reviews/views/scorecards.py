"""The scorecard page of a submission: the rubric, my scorecard, the others' once mine is in, decisions."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.clickjacking import xframe_options_sameorigin
from django.views.decorators.http import require_http_methods, require_POST

from assay.accounts.access import Actor
from assay.accounts.decorators import member_required
from assay.accounts.requests import TeamRequest
from assay.accounts.roles import Role
from assay.assessments import access as assessment_access
from assay.assessments import identity
from assay.errors import InvalidInput
from assay.reviews import access, blind
from assay.reviews.models import Decision, Recommendation, Scorecard
from assay.reviews.services import decisions, scorecards
from assay.submissions.models import Submission


def _entry(post: Any, rubric_ids: list[str]) -> scorecards.Entry:
    scores = {}
    for cid in rubric_ids:
        value = post.get(f"score_{cid}", "")
        if value:
            scores[cid] = int(value) if value.isdigit() else -1
    version = post.get("version", "")
    return scorecards.Entry(
        scores=scores,
        notes=post.get("notes", ""),
        recommendation=post.get("recommendation", ""),
        version=int(version) if version.isdigit() else None,
    )


def _context(actor: Actor, submission: Submission) -> dict[str, Any]:
    rubric = scorecards.rubric_of(submission)
    is_blind = blind.mask_submission(actor, submission)
    candidate = blind.candidate_of(submission)
    if candidate is not None:
        identity.mask(actor, [candidate])
    others = scorecards.visible(actor, submission)
    return {
        "submission": submission,
        "candidate": candidate,
        "blind": is_blind,
        "rubric": rubric,
        "mine": scorecards.mine(actor, submission),
        "can_score": actor.user is not None and actor.can(Role.REVIEWER),
        "may_see_others": scorecards.may_see_others(actor, submission),
        "others": others,
        "aggregate": scorecards.aggregate(rubric, others) if others else None,
        "recommendations": Recommendation.choices,
        "decisions": decisions.history(candidate) if candidate else [],
        "outcomes": Decision.Outcome.choices,
        "may_reveal": candidate is not None and blind.may_reveal(actor, candidate),
    }


# Framed beside the code in a live session's interviewer panel (same site only).
@xframe_options_sameorigin
@require_http_methods(["GET", "POST"])
@member_required
def scorecard(request: TeamRequest, submission_id: int) -> HttpResponse:
    actor = request.actor
    submission = access.submission(actor, submission_id)
    if request.method == "GET":
        return render(request, "reviews/scorecard.html", _context(actor, submission))
    rubric_ids = scorecards.rubric_of(submission).ids()
    entry = _entry(request.POST, rubric_ids)
    submit = request.POST.get("action") == "submit"
    try:
        card = scorecards.save(actor, submission, entry, submit=submit)
    except InvalidInput as error:
        context = {**_context(actor, submission), "errors": error.fields or {}, "error": error.detail}
        stored = context["mine"]
        # What the reviewer sent, shown back for correction (never saved from here).
        context["mine"] = Scorecard(
            scores=entry.scores,
            notes=entry.notes,
            recommendation=entry.recommendation,
            version=entry.version if entry.version is not None else (stored.version if stored else 0),
            submitted_at=stored.submitted_at if stored else None,
        )
        return render(request, "reviews/scorecard.html", context, status=422)
    said = "Scorecard submitted." if submit else "Draft saved; only you can see it."
    if submit and card.revisions.exists():
        said = "Scorecard amended; the earlier version is kept in its history."
    messages.success(request, said)
    return redirect("reviews:scorecard", submission_id=submission.pk)


@require_POST
@member_required
def decide(request: TeamRequest, candidate_id: int) -> HttpResponse:
    actor = request.actor
    candidate = assessment_access.candidate(actor, candidate_id)
    decision = decisions.decide(actor, candidate, request.POST.get("outcome", ""), request.POST.get("reason", ""))
    messages.success(request, f"Decision recorded: {decision.get_outcome_display().lower()}.")
    if candidate.submission_id is None:
        return redirect("assessments:candidate-detail", candidate_id=candidate.pk)
    return redirect("reviews:scorecard", submission_id=candidate.submission_id)


@require_POST
@member_required
def reveal(request: TeamRequest, candidate_id: int) -> HttpResponse:
    actor = request.actor
    candidate = assessment_access.candidate(actor, candidate_id)
    blind.reveal(actor, candidate)
    messages.success(request, f"{candidate.name}'s identity is now shown to the team; the timeline records it.")
    return redirect("assessments:candidate-detail", candidate_id=candidate.pk)
