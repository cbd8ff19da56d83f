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


def test_a_subject_off_at_its_first_grading_is_graded_once_more_and_keeps_what_was_off(tmp_path: Path) -> None:
    library = tmp_path / "items-api"
    shutil.copytree(ITEMS, library, ignore=shutil.ignore_patterns("__pycache__"))
    # A variant that names a check its flaw never fails: off at every grading.
    flaw = library / "flawed" / "no-validation" / "flaw.toml"
    flaw.write_text(flaw.read_text().replace("test_missing_name_is_422", "test_unknown_item_is_404"))
    package = load_package(library)
    started: list[str] = []

    result = validate_package(package, jobs=2, on_subject=lambda subject: started.append(subject.label))

    verdicts = {v.subject.label: v for v in result.verdicts}
    off = next(v for label, v in verdicts.items() if "no-validation" in label)
    assert started.count(off.subject.label) == 2
    assert not off.ok and off.first_problems == off.problems  # off twice: the package's fault, said once
    assert all(started.count(v.subject.label) == 1 for v in verdicts.values() if v.ok)
