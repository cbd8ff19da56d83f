"""A challenge version as an archive in the file store, and a machine's copy of it fetched from there."""

from __future__ import annotations

import importlib
from pathlib import Path
from typing import Any

import pytest
from django.apps import apps

from assay import storage
from assay.challenges import files
from assay.challenges.models import ChallengeVersion
from assay.challenges.services import load_library

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture
def version(db: None) -> ChallengeVersion:
    assert load_library(FIXTURES, ["tiny-api"]).ok
    return ChallengeVersion.objects.get(challenge__slug="tiny-api")


def test_a_machine_without_the_version_folder_fetches_the_same_files_once(
    version: ChallengeVersion, settings: Any, tmp_path: Path
) -> None:
    settings.VAR_DIR = tmp_path / "grading-machine"  # the folder the web side loaded into is not here
    settings.ASSAY_FILE_CACHE_DIR = tmp_path / "cache"
    fetched = version.local_files_dir()
    assert fetched == tmp_path / "cache" / "versions" / version.content_hash
    assert files.content_hash(fetched) == version.content_hash
    assert version.package().title == version.title

    storage.delete(version.archive_name)  # gone from the store: the copy is still used
    assert version.local_files_dir() == fetched


def test_versions_loaded_before_the_file_store_existed_are_published_by_the_upgrade(
    version: ChallengeVersion,
) -> None:
    storage.delete(version.archive_name)  # as an installation from before the file store has it
    migration = importlib.import_module("assay.challenges.migrations.0003_publish_version_archives")
    migration.publish(apps, None)
    assert storage.artifacts().exists(version.archive_name)
