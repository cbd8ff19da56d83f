"""Grading runs and their stage results. A re-grade adds a run; earlier runs are kept."""

from __future__ import annotations

from django.db import models
from django.utils import timezone

from assay.submissions.models import Submission


class GradingRun(models.Model):
    class State(models.TextChoices):
        RUNNING = "running", "Running"
        GRADED = "graded", "Graded"
        FAILED = "failed", "Failed"
        ABANDONED = "abandoned", "Abandoned"

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="runs")
    number = models.PositiveIntegerField()
    state = models.CharField(max_length=10, choices=State.choices, default=State.RUNNING)
    worker = models.CharField(max_length=100)
    started_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)
    score = models.FloatField(null=True, blank=True)
    skills = models.JSONField(default=dict)
    report = models.JSONField(null=True, blank=True)
    error = models.TextField(blank=True)

    class Meta:
        ordering = ["-number"]
        constraints = [models.UniqueConstraint(fields=["submission", "number"], name="grading_run_number_unique")]

    def __str__(self) -> str:
        return f"run {self.number} of {self.submission}"


class StageResult(models.Model):
    """One stage's outcome, written as soon as the stage ends so progress shows while grading runs."""

    run = models.ForeignKey(GradingRun, on_delete=models.CASCADE, related_name="stages")
    position = models.PositiveSmallIntegerField()
    name = models.CharField(max_length=40)
    title = models.CharField(max_length=80)
    status = models.CharField(max_length=10)
    summary = models.TextField()
    duration = models.FloatField(default=0.0)
    log_tail = models.TextField(blank=True)
    limits = models.JSONField(default=dict)

    class Meta:
        ordering = ["run", "position"]
        constraints = [models.UniqueConstraint(fields=["run", "position"], name="stage_result_position_unique")]

    def __str__(self) -> str:
        return f"{self.name}: {self.status}"
