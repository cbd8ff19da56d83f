"""The load probe's reference figures: measured once per challenge version and stack, and taken from the
reference solution's own grading when library validation grades it anyway."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from assay.challenges.package import ChallengePackage
from assay.grading.pipeline import grade_directory

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
