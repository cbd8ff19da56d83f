"""Backups: the database, the git repositories and the stored files of one instance, as of one moment.

Consistency: the database is dumped first (pg_dump's snapshot, or SQLite's online backup API), the files are
copied after. Every file a row of the dump names was written before that row was committed (a submission's
archive is stored, then its row created; a challenge version's files are copied, then its row created), and
stored files are never rewritten, so each one is on disk when the copy reaches it. Files newer than the dump
are copied too and simply unreferenced. Git repositories are copied refs first, objects after: git writes a
push's objects before it moves a ref, so every ref in the copy names objects the copy holds. After copying,
the backup checks that every submission created before the dump has its archive, and refuses otherwise.
"""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import dj_database_url
from django.conf import settings
from django.db import connection
from django.utils import timezone

from assay import storage
from assay.challenges.models import library_store
from assay.errors import Conflict, InvalidInput
from assay.repos.git import repos_dir
from assay.submissions.models import Submission

MANIFEST = "manifest.json"
FORMAT = 1
SQLITE_DUMP = "database.sqlite3"
POSTGRES_DUMP = "database.pgdump"


@dataclass(frozen=True)
class BackupSummary:
    path: Path
    database: str
    submissions: int
    repositories: int
    files: int


def _engine(database: dict[str, Any]) -> str:
    return "postgresql" if "postgresql" in database["ENGINE"] else "sqlite"


def _libpq_env(database: dict[str, Any]) -> dict[str, str]:
    """Connection settings for pg_dump/pg_restore, the password in the environment (never in argv or logs)."""
    values = {
        "PGHOST": database.get("HOST"),
        "PGPORT": database.get("PORT"),
        "PGUSER": database.get("USER"),
        "PGPASSWORD": database.get("PASSWORD"),
        "PGDATABASE": database.get("NAME"),
    }
    return {**os.environ, **{k: str(v) for k, v in values.items() if v}}


def _run(argv: list[str], env: dict[str, str], what: str) -> None:
    result = subprocess.run(argv, env=env, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise Conflict(f"{what} failed: {result.stderr.strip()[-2000:]}")


def _dump_database(dest: Path) -> str:
    database = dict(settings.DATABASES["default"])
    if _engine(database) == "postgresql":
        argv = ["pg_dump", "--format=custom", "--no-owner", "--no-privileges", "--file", str(dest / POSTGRES_DUMP)]
        _run(argv, _libpq_env(database), "pg_dump")
        return "postgresql"
    connection.ensure_connection()
    target = sqlite3.connect(dest / SQLITE_DUMP)
    try:
        connection.connection.backup(target)  # a consistent copy while others keep writing
    finally:
        target.close()
    return "sqlite"


def _is_git_repository(path: Path) -> bool:
    return (path / "HEAD").is_file() and (path / "objects").is_dir() and (path / "refs").is_dir()


def _copy_repositories(source: Path, dest: Path) -> int:
    """Refs before objects: a push writes its objects before it moves a ref, so no copied ref dangles."""
    if not source.is_dir():
        return 0

    def without_objects(folder: str, names: list[str]) -> list[str]:
        return ["objects"] if _is_git_repository(Path(folder)) else []

    shutil.copytree(source, dest, symlinks=True, ignore=without_objects)
    repositories = [p for p in source.rglob("HEAD") if _is_git_repository(p.parent)]
    for head in repositories:
        relative = head.parent.relative_to(source)
        shutil.copytree(head.parent / "objects", dest / relative / "objects", symlinks=True, dirs_exist_ok=True)
    return len(repositories)


def _copy_tree(source: Path, dest: Path) -> int:
    if not source.is_dir():
        return 0
    shutil.copytree(source, dest, symlinks=True)
    return sum(1 for p in dest.rglob("*") if p.is_file())


def _has_files(dest: Path, archive: str) -> bool:
    # With an object store the files stay in the bucket (backed up by the store's own tools): check they are there.
    return storage.artifacts().exists(archive) if storage.is_remote() else (dest / "files" / archive).is_file()


def _check_submissions(dest: Path, before: datetime) -> int:
    submissions = Submission.objects.filter(created_at__lt=before).values_list("pk", "archive")
    missing = [pk for pk, archive in submissions if not _has_files(dest, archive)]
    if missing:
        raise Conflict(f"The backup lacks the files of submissions {missing[:20]}; it is incomplete, do not use it.")
    return len(submissions)


def create_backup(path: Path) -> BackupSummary:
    """Dump the database, then copy the repositories and stored files into the new folder ``path``."""
    if path.exists() and any(path.iterdir()):
        raise Conflict(f"{path} is not empty; a backup goes into a new folder.")
    path.mkdir(parents=True, exist_ok=True)
    started = timezone.now()
    database = _dump_database(path)
    files = _copy_tree(Path(settings.MEDIA_ROOT), path / "files")
    files += _copy_tree(library_store(), path / "library")
    repositories = _copy_repositories(repos_dir(), path / "repos")
    submissions = _check_submissions(path, started)
    manifest = {"format": FORMAT, "created_at": started.isoformat(), "database": database}
    manifest |= {"submissions": submissions, "repositories": repositories, "files": files}
    (path / MANIFEST).write_text(json.dumps(manifest, indent=2) + "\n")
    return BackupSummary(path, database, submissions, repositories, files)


def _read_manifest(path: Path) -> dict[str, Any]:
    try:
        manifest: dict[str, Any] = json.loads((path / MANIFEST).read_text())
    except (OSError, ValueError) as error:
        raise InvalidInput(f"{path} is not an Assay backup (no readable {MANIFEST}).") from error
    if manifest.get("format") != FORMAT:
        raise InvalidInput(f"{path} is a backup of format {manifest.get('format')}; this Assay reads {FORMAT}.")
    return manifest


def _restore_postgres(path: Path, database_url: str) -> None:
    database = dj_database_url.parse(database_url)
    env = _libpq_env(dict(database))
    probe = ["psql", "-tAc", "select count(*) from information_schema.tables where table_schema = 'public'"]
    tables = subprocess.run(probe, env=env, capture_output=True, text=True, check=False)
    if tables.returncode != 0:
        raise Conflict(f"Cannot reach the database to restore into: {tables.stderr.strip()[-500:]}")
    if tables.stdout.strip() != "0":
        raise Conflict("The database to restore into is not empty; create a new, empty one.")
    argv = ["pg_restore", "--no-owner", "--no-privileges", "--exit-on-error", "--dbname", database["NAME"]]
    _run([*argv, str(path / POSTGRES_DUMP)], env, "pg_restore")


def restore_backup(path: Path, var_dir: Path, database_url: str | None = None) -> dict[str, Any]:
    """Restore ``path`` into the empty data directory ``var_dir`` (and, for PostgreSQL, the empty database)."""
    manifest = _read_manifest(path)
    if var_dir.exists() and any(var_dir.iterdir()):
        raise Conflict(f"{var_dir} is not empty; restore into a new data directory.")
    if manifest["database"] == "postgresql" and not database_url:
        raise InvalidInput("This backup holds a PostgreSQL dump: give the empty database to restore into.")
    var_dir.mkdir(parents=True, exist_ok=True)
    for name in ("files", "library", "repos"):
        if (path / name).is_dir():
            shutil.copytree(path / name, var_dir / name, symlinks=True)
    if manifest["database"] == "postgresql":
        _restore_postgres(path, str(database_url))
    else:
        shutil.copyfile(path / SQLITE_DUMP, var_dir / "assay.sqlite3")
    return manifest
