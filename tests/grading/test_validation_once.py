"""Library validation grades each distinct subject once: a variant with the same files as another takes its report."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from assay.challenges.package import load_package
from assay.grading.validation import validate_package

pytestmark = pytest.mark.sandbox

ITEMS = Path(__file__).parents[1] / "challenges" / "fixtures" / "items-api"


def test_an_identical_flawed_variant_is_not_graded_twice(tmp_path: Path) -> None:
    library = tmp_path / "items-api"
    shutil.copytree(ITEMS, library, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(library / "flawed" / "no-validation", library / "flawed" / "no-validation-again")
    package = load_package(library)
    graded: set[str] = set()

    result = validate_package(package, jobs=2, on_event=lambda subject, stage, message: graded.add(subject.label))

    verdicts = {v.subject.label: v for v in result.verdicts}
    twins = [label for label in verdicts if "no-validation" in label]
    assert len(twins) == 2
    assert len(graded & set(twins)) == 1  # one of the twins ran the stages, the other took its report
    first, second = (verdicts[label] for label in twins)
    assert (first.score, first.problems, first.evidence) == (second.score, second.problems, second.evidence)
    assert first.ok and second.ok
