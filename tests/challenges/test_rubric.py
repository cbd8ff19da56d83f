"""A challenge's rubric.toml: read with its four levels per criterion, refused at load when malformed."""

from __future__ import annotations

from pathlib import Path

import pytest

from assay.challenges.package import PackageErrors, load_package
from assay.challenges.rubric import load_rubric

LIBRARY = Path(__file__).parents[2] / "challenges"
CRITERION = """
[[criteria]]
id = "booking_rules"
title = "Booking rules"
skill = "server_logic"
levels = ["none", "some", "most", "all"]
"""


def test_a_package_without_a_rubric_scores_one_criterion_per_skill(package_dir: Path) -> None:
    rubric = load_rubric(package_dir, ("api_design", "server_logic"))
    assert not rubric.written
    assert rubric.ids() == ["api_design", "server_logic"]
    assert all(len(c.levels) == 4 for c in rubric.criteria)


def test_a_written_rubric_is_read(package_dir: Path) -> None:
    (package_dir / "rubric.toml").write_text(CRITERION)
    rubric = load_rubric(package_dir, ("api_design",))
    assert rubric.written and rubric.ids() == ["booking_rules"]
    assert rubric.criteria[0].levels[3] == "all"
    load_package(package_dir)


def test_a_malformed_rubric_refuses_the_package_naming_each_problem(package_dir: Path) -> None:
    bad = CRITERION.replace('"server_logic"', '"charm"').replace('"none", ', "")
    (package_dir / "rubric.toml").write_text(bad + CRITERION)
    with pytest.raises(PackageErrors) as caught:
        load_package(package_dir)
    messages = [e.message for e in caught.value.errors if e.path == "rubric.toml"]
    assert any("skill must be one of" in m for m in messages)
    assert any("levels must be 4 descriptions" in m for m in messages)
    assert any("unique" in m for m in messages)


@pytest.mark.parametrize("slug", ["bookings-api", "realworld-api", "sql-analytics"])
def test_the_library_challenges_have_written_rubrics(slug: str) -> None:
    rubric = load_rubric(LIBRARY / slug, ())
    assert rubric.written and len(rubric.criteria) >= 3
