"""The files of a challenge package: which count, their hash, safe copies.

Build output and caches (node_modules, virtualenvs, bytecode) are neither hashed nor copied: the
grader's setup stage rebuilds them, and they would make the hash change on every install.
"""

from __future__ import annotations

import hashlib
import shutil
from collections.abc import Iterator
from pathlib import Path

IGNORED_NAMES = frozenset(
    {"node_modules", ".venv", "__pycache__", ".pytest_cache", ".ruff_cache", ".mypy_cache", ".git", ".DS_Store"}
)


def walk(root: Path) -> Iterator[Path]:
    """Every entry under ``root`` (files, folders, symlinks) in sorted order, skipping ignored names.

    Symlinked folders are yielded but not descended into; `unsafe_links` refuses them.
    """
    for entry in sorted(root.iterdir()):
        if entry.name in IGNORED_NAMES:
            continue
        yield entry
        if entry.is_dir() and not entry.is_symlink():
            yield from walk(entry)


def unsafe_links(root: Path) -> Iterator[tuple[Path, str]]:
    """(symlink, why) for every symlink under ``root`` that a copy must not follow."""
    top = root.resolve()
    for entry in walk(root):
        if not entry.is_symlink():
            continue
        target = entry.resolve()
        if not target.is_relative_to(top):
            yield entry, f"is a symlink pointing outside the package (to {target})"
        elif target.is_dir():
            yield entry, "is a symlink to a folder; copy the files instead"
        elif not target.exists():
            yield entry, "is a broken symlink"


def files_of(root: Path) -> list[Path]:
    """The regular files (or symlinks to files) that make up the package, sorted."""
    return [entry for entry in walk(root) if entry.is_file()]


def content_hash(root: Path) -> str:
    """sha256 over every file's relative path and bytes, in sorted order."""
    digest = hashlib.sha256()
    for path in files_of(root):
        data = path.read_bytes()
        digest.update(f"{path.relative_to(root).as_posix()}\0{len(data)}\0".encode())
        digest.update(data)
    return digest.hexdigest()


def copy_files(source: Path, dest: Path) -> None:
    """Copy the package's files (symlinks replaced by their content) into ``dest``, which may exist."""
    top = dest.resolve()
    for path in files_of(source):
        target = dest / path.relative_to(source)
        if target.is_symlink() or not target.resolve().is_relative_to(top):
            raise ValueError(f"{path} would be written outside {dest}")
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, target)
        shutil.copymode(path, target)
