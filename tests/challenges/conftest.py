"""Fixtures for the library tests: a copy of the tiny fixture package to load, break or change."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

FIXTURES = Path(__file__).parent / "fixtures"

# The fixture package's hidden tests are data here, not tests of Assay.
collect_ignore_glob = ["fixtures/*"]


@pytest.fixture
def library(tmp_path: Path) -> Path:
    """A library folder holding one valid package, tiny-api."""
    root = tmp_path / "library"
    shutil.copytree(FIXTURES / "tiny-api", root / "tiny-api", ignore=shutil.ignore_patterns("__pycache__"))
    return root


@pytest.fixture
def package_dir(library: Path) -> Path:
    return library / "tiny-api"


@pytest.fixture
def var_dir(settings: object, tmp_path: Path) -> Path:
    settings.VAR_DIR = tmp_path / "var"  # type: ignore[attr-defined]
    return tmp_path / "var"
