"""The session's document: a Yjs doc whose ``files`` map holds one text per path, and ``runs`` the runs.

The browser's editor (frontend/src/editor.js) reads the same two names. Binary files, files over
MAX_FILE_BYTES and files past MAX_FILES are left out of the workspace and listed as skipped instead.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from pycrdt import Doc, Map, Text

FILES, RUNS = "files", "runs"
MAX_FILE_BYTES = 512 * 1024
MAX_FILES = 2000
SKIPPED_DIRS = {".git", "node_modules", "__pycache__", ".venv", "target"}


def _text_of(path: Path) -> str | None:
    data = path.read_bytes()
    if b"\0" in data[:8192]:
        return None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return None


def _walk(root: Path) -> Iterable[Path]:
    for path in sorted(root.rglob("*")):
        relative = path.relative_to(root)
        if any(part in SKIPPED_DIRS for part in relative.parts) or path.is_symlink() or not path.is_file():
            continue
        yield path


def read_workspace(root: Path) -> tuple[dict[str, str], list[str]]:
    """The text files under ``root`` by relative path, and why each other file was left out."""
    files: dict[str, str] = {}
    skipped: list[str] = []
    beyond = 0
    for path in _walk(root):
        name = path.relative_to(root).as_posix()
        if path.stat().st_size > MAX_FILE_BYTES:
            skipped.append(f"{name}: larger than {MAX_FILE_BYTES // 1024} KB")
        elif len(files) >= MAX_FILES:
            beyond += 1  # not read: a huge repository costs a walk, not its contents
        elif (text := _text_of(path)) is None:
            skipped.append(f"{name}: binary")
        else:
            files[name] = text
    if beyond:
        skipped.append(f"{beyond} more files past the first {MAX_FILES}")
    return files, skipped


def seed_update(files: dict[str, str]) -> bytes:
    """The first update of a session's recording: every file of the workspace."""
    doc: Doc = Doc()
    shared = doc.get(FILES, type=Map)
    with doc.transaction():
        for name, text in files.items():
            shared[name] = Text(text)
    return doc.get_update()


def rebuild(updates: Iterable[bytes]) -> Doc:
    doc: Doc = Doc()
    for update in updates:
        doc.apply_update(update)
    return doc


def files_of(doc: Doc) -> dict[str, str]:
    return {name: str(text) for name, text in doc.get(FILES, type=Map).items()}


def write_files(files: dict[str, str], dest: Path) -> None:
    """Write the workspace's current files under ``dest``; a name that escapes it is ignored."""
    root = dest.resolve()
    for name, text in files.items():
        target = (root / name).resolve()
        if not target.is_relative_to(root) or target == root:
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text)
