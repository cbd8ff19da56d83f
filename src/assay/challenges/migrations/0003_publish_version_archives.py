"""Publish every stored challenge version as an archive in the file store (assay.challenges.stored).

Versions loaded before the file store existed have their files under ``VAR_DIR`` only; a grading machine
without that folder reads the archive instead. Content-addressed and written once, so running it again (or on
a machine that lacks the folders) changes nothing.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import migrations


def publish(apps: Any, schema_editor: Any) -> None:
    from assay.challenges import stored

    versions = apps.get_model("challenges", "ChallengeVersion").objects.select_related("challenge")
    for version in versions.iterator():
        challenge = version.challenge
        shared = challenge.organization_id is None
        prefix = "library" if shared else f"team-library/{challenge.organization_id}"
        folder = Path(settings.VAR_DIR) / prefix / challenge.slug / version.content_hash
        if folder.is_dir():
            stored.publish(folder, f"{prefix}/{challenge.slug}/{version.content_hash}.tar.gz")


class Migration(migrations.Migration):
    dependencies = [("challenges", "0002_team_challenges")]

    operations = [migrations.RunPython(publish, migrations.RunPython.noop, elidable=True)]
