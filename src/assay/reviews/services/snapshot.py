"""Reading a submission's submitted snapshot (never a later push): its entries and one file's content.

Names come from the archive as tar decodes them (a name that is not UTF-8 keeps surrogate escapes); a
``key`` is the name made safe for URLs and the database: the name itself when it is UTF-8, else its
bytes percent-encoded. Symlinks are listed with their target and never followed.
"""

from __future__ import annotations

import tarfile
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from urllib.parse import quote

from assay.challenges.files import walk
from assay.errors import NotFound
from assay.submissions.models import Submission
from assay.submissions.services import archive_path

MAX_TEXT_BYTES = 1024 * 1024  # larger files are "too large to show"
CACHED_SNAPSHOT_BYTES = 16 * 1024 * 1024  # unpacked; a snapshot this small is kept in memory once read
BINARY_SNIFF_BYTES = 8192


@dataclass(frozen=True)
class Entry:
    name: str  # as the archive decodes it
    kind: str  # "file", "symlink" or "dir"
    size: int = 0
    target: str = ""  # a symlink's target, shown as text

    @property
    def key(self) -> str:
        return path_key(self.name)

    @property
    def display(self) -> str:
        return display_name(self.name)


@dataclass(frozen=True)
class Content:
    """A file's bytes when they can be shown as text; otherwise why not (binary, too large, a link)."""

    entry: Entry
    text: str | None
    reason: str = ""


def path_key(name: str) -> str:
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        return "%" + quote(name.encode("utf-8", "surrogateescape"), safe="/")
    return name


def display_name(name: str) -> str:
    """A name a browser can show: undecodable bytes become U+FFFD (the page escapes the rest)."""
    return name.encode("utf-8", "surrogateescape").decode("utf-8", "replace")


def entries(submission: Submission) -> list[Entry]:
    """Every file, link and folder of the snapshot, sorted by name."""
    return list(_entries(str(archive_path(submission)), submission.archive_sha256))


@lru_cache(maxsize=64)
def _entries(archive: str, sha256: str) -> tuple[Entry, ...]:
    # Keyed by the checksum too: the listing of one snapshot never changes, and re-reading a large
    # archive for every page of the code view would dominate its time.
    found = []
    with tarfile.open(archive, mode="r:gz") as tar:
        for member in tar:
            kind = "symlink" if member.issym() or member.islnk() else "dir" if member.isdir() else "file"
            found.append(Entry(member.name.removeprefix("./"), kind, member.size, member.linkname))
    return tuple(sorted(found, key=lambda e: e.name.split("/")))


def entry(submission: Submission, key: str) -> Entry:
    for candidate in entries(submission):
        if candidate.key == key and candidate.kind != "dir":
            return candidate
    raise NotFound(f"The submitted files have no {key!r} in this organization's submission.")


def content(submission: Submission, key: str) -> Content:
    found = entry(submission, key)
    if found.kind == "symlink":
        return Content(found, None, f"A link to {display_name(found.target)} (links are never followed).")
    if found.size > MAX_TEXT_BYTES:
        return Content(found, None, f"Too large to show ({found.size / 1024 / 1024:.1f} MB).")
    return Content(found, *as_text(read_bytes(submission, found.name)))


def read_bytes(submission: Submission, name: str) -> bytes:
    return read_many(submission, {name}).get(name, b"")


def read_many(submission: Submission, names: set[str]) -> dict[str, bytes]:
    """The bytes of the named regular files, in one pass over the archive (or from the small-snapshot cache)."""
    if sum(e.size for e in entries(submission) if e.kind == "file") <= CACHED_SNAPSHOT_BYTES:
        every = _small_snapshot(str(archive_path(submission)), submission.archive_sha256)
        return {name: every[name] for name in names if name in every}
    return _read(str(archive_path(submission)), names)


@lru_cache(maxsize=8)
def _small_snapshot(archive: str, sha256: str) -> dict[str, bytes]:
    # A snapshot never changes, and the diff view reads most of a small one on every page view.
    return _read(archive, None)


def _read(archive: str, names: set[str] | None) -> dict[str, bytes]:
    found = {}
    with tarfile.open(archive, mode="r:gz") as tar:
        for member in tar:
            name = member.name.removeprefix("./")
            if (names is None or name in names) and member.isfile():
                handle = tar.extractfile(member)
                found[name] = handle.read() if handle else b""
    return found


def as_text(data: bytes) -> tuple[str | None, str]:
    """(text, "") for UTF-8 text; (None, why) for bytes a code view should not print."""
    if b"\0" in data[:BINARY_SNIFF_BYTES]:
        return None, f"A binary file ({len(data)} bytes)."
    try:
        return data.decode("utf-8"), ""
    except UnicodeDecodeError:
        return None, f"Not UTF-8 text ({len(data)} bytes)."


def starter_files(submission: Submission) -> dict[str, Path]:
    """The starter the candidate began from, by key: what the diff view compares against."""
    package = submission.challenge_version.package()
    root = package.starter_dir(submission.stack)
    if not root.is_dir():
        return {}
    return {path_key(str(path.relative_to(root))): path for path in walk(root) if path.is_file()}


def readme(submission: Submission) -> str:
    """The snapshot's top-level README.md as text ("" when there is none or it is not text)."""
    found = next((e for e in entries(submission) if e.name.lower() == "readme.md" and e.kind == "file"), None)
    if found is None or found.size > MAX_TEXT_BYTES:
        return ""
    return as_text(read_bytes(submission, found.name))[0] or ""
