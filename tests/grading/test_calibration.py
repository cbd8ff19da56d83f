"""The load probe's reference figures: measured once per challenge version and stack, and taken from the
reference solution's own grading when library validation grades it anyway."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from django_tasks_db.models import DBTaskResult

from assay.challenges.package import ChallengePackage
from assay.challenges.services import store_package
from assay.grading.pipeline import grade_directory
from assay.grading.tasks import calibrate_version

pytestmark = pytest.mark.sandbox


def test_grading_the_reference_calibrates_its_stack_with_its_own_figures(
    tiny: ChallengePackage, settings: object, tmp_path: Path
) -> None:
    settings.ASSAY_CACHE_DIR = tmp_path / "cache"  # type: ignore[attr-defined]
    report = grade_directory(tiny.solution_dir("python"), tiny, "python", is_reference=True)

    load = report.stage("load")
    assert load is not None and load.status == "passed"
    (calibration,) = (tmp_path / "cache" / "calibration").iterdir()
    assert calibration.name == f"tiny-api-{tiny.content_hash[:16]}-python.json"
    # The figures the reference was judged against are the ones it measured, now the cached calibration.
    assert load.data["reference"] == load.data["result"] == json.loads(calibration.read_text())


@pytest.mark.django_db
def test_a_candidates_grading_never_calibrates_the_version_loading_does(
    tiny: ChallengePackage, settings: object, tmp_path: Path, django_capture_on_commit_callbacks: Any
) -> None:
    settings.ASSAY_CACHE_DIR = tmp_path / "cache"  # type: ignore[attr-defined]
    settings.VAR_DIR = tmp_path / "var"  # type: ignore[attr-defined]
    report = grade_directory(tiny.solution_dir("python"), tiny, "python")  # a candidate submitting the same code

    assert "not measured on this machine yet" in report.stage("load").summary
    assert not (tmp_path / "cache" / "calibration").exists()

    with django_capture_on_commit_callbacks(execute=True):
        store_package(tiny)  # loading the version enqueues its calibration
    (task,) = DBTaskResult.objects.filter(task_path="assay.grading.tasks.calibrate_version")
    assert calibrate_version.call(*task.args_kwargs["args"]) == "calibrated: python"

    report = grade_directory(tiny.solution_dir("python"), tiny, "python")
    assert "not measured" not in report.stage("load").summary
    (calibration,) = (tmp_path / "cache" / "calibration").iterdir()
    assert report.stage("load").data["reference"] == json.loads(calibration.read_text())
