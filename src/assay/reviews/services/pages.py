"""What the report page shows about one submission: who and what it is, its runs, and its report arranged."""

from __future__ import annotations

from statistics import median
from typing import Any

from assay.assessments.models import Candidate
from assay.grading import services as grading
from assay.grading.report import SKILLS
from assay.reviews.services import commits, report
from assay.submissions.models import Submission


def candidate_of(submission: Submission) -> Candidate | None:
    """The candidate who submitted it (none for a submission made through the CLI or the API)."""
    return Candidate.objects.filter(submission=submission).select_related("assessment").first()


def assessment_medians(candidate: Candidate | None) -> dict[str, float | None]:
    """The median score per skill over the assessment's graded candidates, once there are several."""
    if candidate is None:
        return {}
    ids = [s for s in candidate.assessment.candidates.values_list("submission_id", flat=True) if s]
    scores = list(grading.latest_scores(ids).values())
    if len(scores) < 2:
        return {}
    found: dict[str, float | None] = {}
    for skill in SKILLS:
        values = [float(v) for s in scores if (v := s.get(skill)) is not None]
        found[skill] = median(values) if values else None
    return found


def report_context(submission: Submission, run_number: int | None = None) -> dict[str, Any]:
    """Everything the report page renders, for the latest run or run ``run_number``."""
    runs = grading.runs_of(submission)
    run = grading.run_of(submission, run_number) if run_number else grading.latest_run(submission)
    data = grading.report_of(run) if run else {}
    candidate = candidate_of(submission)
    medians = assessment_medians(candidate)
    declared = list(submission.challenge_version.skills or [])
    groups = report.skill_groups(data, declared)
    for group in groups:
        group.median = medians.get(group.skill)
    stage_list = report.stages(data)
    return {
        "submission": submission,
        "candidate": candidate,
        "run": run,
        "runs": runs,
        "stored": data,
        "score": data.get("score"),
        "skills": data.get("skills") or {},
        "assessed": report.assessed_skills(data, declared),
        "medians": medians,
        "incomplete": bool(data.get("incomplete")),
        "incomplete_reasons": data.get("incomplete_reasons") or [],
        "red_flags": report.red_flags(data),
        "groups": groups,
        "findings": report.findings(data),
        "stages": stage_list,
        "tables": report.stage_data(data, "database").get("tables") or [],
        "load": report.stage_data(data, "load"),
        "candidate_tests": report.stage_data(data, "candidate_tests").get("counts") or {},
        "candidate_tests_log": next((s["log_tail"] for s in stage_list if s.get("name") == "candidate_tests"), ""),
        "commits": commits.timeline(submission),
    }
