"""Unpacking a challenge package archive a hiring team uploaded: zip or tar (optionally compressed).

The archive is hostile until proven otherwise. It is refused, with a message saying why, when it is too
big, unpacks to too much (a zip or tar bomb), holds too many files, names a path outside the package
(absolute, ``..``), holds a link (symbolic or hard) or a device, FIFO or socket. Nothing is ever
written outside the destination, and sizes are counted while unpacking, not taken from the headers.
"""

from __future__ import annotations

import shutil
import stat
import tarfile
import zipfile
import zlib
from pathlib import Path, PurePosixPath
from typing import IO

from assay.errors import InvalidInput

MAX_ARCHIVE_BYTES = 20 * 1024 * 1024
MAX_UNPACKED_BYTES = 100 * 1024 * 1024
MAX_FILES = 5_000
# A package's text compresses about 5:1; a ratio far beyond that is a bomb, not a package.
MAX_RATIO = 100
_CHUNK = 64 * 1024


class ArchiveError(InvalidInput):
    """The archive itself was refused (not the package inside it)."""

    def __init__(self, detail: str) -> None:
        super().__init__(detail, fields={"archive": [detail]})


def unpack(archive: Path, dest: Path) -> None:
    """Unpack ``archive`` into the empty folder ``dest``; raises ArchiveError, leaving ``dest`` to the caller."""
    size = archive.stat().st_size
    if size > MAX_ARCHIVE_BYTES:
        raise ArchiveError(f"The archive is {size // 1024 // 1024} MB; the limit is {MAX_ARCHIVE_BYTES // 2**20} MB.")
    try:
        if zipfile.is_zipfile(archive):
            _unzip(archive, dest, size)
        elif tarfile.is_tarfile(archive):
            _untar(archive, dest, size)
        else:
            raise ArchiveError("The file is not a zip or tar archive.")
    except tarfile.FilterError as exc:
        raise ArchiveError(f"Refused: {exc}.") from exc
    except (tarfile.TarError, zipfile.BadZipFile, EOFError, zlib.error) as exc:
        raise ArchiveError(f"The archive is damaged: {exc}.") from exc


def package_root(dest: Path) -> Path:
    """The folder holding challenge.toml: ``dest`` itself, or its only subfolder (an archive of the folder)."""
    if (dest / "challenge.toml").exists():
        return dest
    entries = [p for p in dest.iterdir() if not p.name.startswith(".")]
    if len(entries) == 1 and entries[0].is_dir() and not entries[0].is_symlink():
        return entries[0]
    return dest


class _Budget:
    """Counts files and unpacked bytes as they are written; refuses past the limits."""

    def __init__(self, archive_bytes: int) -> None:
        self.limit = min(MAX_UNPACKED_BYTES, max(archive_bytes, 1) * MAX_RATIO)
        self.files = 0
        self.bytes = 0

    def add_file(self) -> None:
        self.files += 1
        if self.files > MAX_FILES:
            raise ArchiveError(f"The archive holds more than {MAX_FILES} files.")

    def add_bytes(self, count: int) -> None:
        self.bytes += count
        if self.bytes > self.limit:
            raise ArchiveError(
                f"The archive unpacks to more than {self.limit // 2**20 or 1} MB (at most {MAX_UNPACKED_BYTES // 2**20}"
                f" MB, and at most {MAX_RATIO} times its own size): refused as an archive bomb."
            )


def _safe_name(name: str) -> PurePosixPath:
    path = PurePosixPath(name.replace("\\", "/"))
    if path.is_absolute() or (path.parts and ":" in path.parts[0]):
        raise ArchiveError(f"{name!r}: an absolute path; every path must be inside the package.")
    if ".." in path.parts:
        raise ArchiveError(f"{name!r}: a path with '..'; every path must be inside the package.")
    return path


def _copy(source: IO[bytes], target: Path, budget: _Budget, name: str) -> None:
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        out = target.open("xb")
    except OSError as exc:  # twice the same name, or a file where a folder should be
        raise ArchiveError(f"{name!r}: appears twice or under a file of the same name.") from exc
    with out:
        while chunk := source.read(_CHUNK):
            budget.add_bytes(len(chunk))
            out.write(chunk)


def _unzip(archive: Path, dest: Path, size: int) -> None:
    budget = _Budget(size)
    with zipfile.ZipFile(archive) as zf:
        for info in zf.infolist():
            name = _safe_name(info.filename)
            mode = info.external_attr >> 16
            if stat.S_ISLNK(mode):
                raise ArchiveError(f"{info.filename!r}: a link; a package holds plain files only.")
            if stat.S_IFMT(mode) and not (stat.S_ISREG(mode) or stat.S_ISDIR(mode)):
                raise ArchiveError(f"{info.filename!r}: a device, FIFO or socket; a package holds plain files only.")
            budget.add_file()
            if info.is_dir():
                (dest / name).mkdir(parents=True, exist_ok=True)
                continue
            with zf.open(info) as source:
                _copy(source, dest / name, budget, info.filename)


def _untar(archive: Path, dest: Path, size: int) -> None:
    budget = _Budget(size)
    with tarfile.open(archive, "r:*") as tf:
        # Member by member: a bomb is stopped at the limit, never unpacked (or even listed) whole.
        while (member := tf.next()) is not None:
            _safe_name(member.name)
            if member.issym() or member.islnk():
                raise ArchiveError(f"{member.name!r}: a link; a package holds plain files only.")
            if not (member.isfile() or member.isdir()):
                raise ArchiveError(f"{member.name!r}: a device, FIFO or socket; a package holds plain files only.")
            budget.add_file()
            # The 'data' filter refuses again what the checks above refuse, and drops modes and owners.
            checked = tarfile.data_filter(member, str(dest))
            if checked is None:
                continue
            target = dest / _safe_name(checked.name)
            if checked.isdir():
                target.mkdir(parents=True, exist_ok=True)
                continue
            source = tf.extractfile(checked)
            if source is None:
                raise ArchiveError(f"{member.name!r}: could not be read.")
            _copy(source, target, budget, member.name)


def discard(path: Path) -> None:
    shutil.rmtree(path, ignore_errors=True)
