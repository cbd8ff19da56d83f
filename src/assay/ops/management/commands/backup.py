"""`assay backup create PATH` and `assay backup restore PATH --into VAR_DIR` (docs/operations.md, Backups)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from assay.errors import AssayError
from assay.ops import backup


class Command(BaseCommand):
    help = "Back up the database, git repositories and stored files as of one moment, or restore such a backup."

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        create = actions.add_parser("create", help="Write a backup into the new folder PATH.")
        create.add_argument("path", type=Path)
        restore = actions.add_parser("restore", help="Restore the backup PATH into a new data directory.")
        restore.add_argument("path", type=Path)
        restore.add_argument("--into", type=Path, required=True, help="The new, empty data directory (ASSAY_VAR_DIR).")
        restore.add_argument(
            "--database-url", help="For a PostgreSQL backup: the new, empty database (default: DATABASE_URL)."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            if options["action"] == "create":
                summary = backup.create_backup(options["path"])
                self.stdout.write(
                    f"Backed up to {summary.path}: the {summary.database} database, {summary.submissions} "
                    f"submissions, {summary.repositories} repositories, {summary.files} stored files."
                )
                return
            url = options["database_url"] or _configured_database_url()
            manifest = backup.restore_backup(options["path"], options["into"], url)
        except AssayError as error:
            raise CommandError(error.detail) from error
        self.stdout.write(
            f"Restored the backup of {manifest['created_at']} into {options['into']}. "
            f"Serve it with ASSAY_VAR_DIR={options['into']} assay serve"
            + (" (and DATABASE_URL set to the restored database)." if manifest["database"] == "postgresql" else ".")
        )


def _configured_database_url() -> str | None:
    return os.environ.get("DATABASE_URL")
