"""Unpacking an uploaded zip or tar into a folder, refusing anything that could escape it or exhaust the disk.

Every refusal is an InvalidInput that names the entry. Sizes are checked twice: the size an entry declares
(so a bomb is refused before it is inflated) and the bytes it really yields (so a lying header is caught).
"""

from __future__ import annotations

import io
import os
import posixpath
import re
import stat
import tarfile
import zipfile
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import IO

from assay.errors import InvalidInput

MAX_ENTRIES = 20_000
MAX_LINK_TARGET = 1024
CHUNK = 1024 * 1024
SKIPPED = {".git", "__macosx"}  # a zipped working copy's git folder, macOS resource forks: dropped, not refused
MB = 1024 * 1024


@dataclass(frozen=True)
class Limits:
    total_bytes: int
    file_bytes: int
    entries: int = MAX_ENTRIES


@dataclass(frozen=True)
class Member:
    name: str
    kind: str  # "file", "dir", "link" or what it is otherwise ("a hard link", "a device file"…)
    size: int  # as declared by the archive
    executable: bool
    open: Callable[[], IO[bytes]]
    link_target: str = ""


def unpack(data: bytes, filename: str, dest: Path, limits: Limits) -> Path:
    """Write the archive's files under ``dest``; return the folder to commit (its single top folder, if any)."""
    if len(data) > limits.total_bytes:
        raise InvalidInput(
            f"{filename} is {len(data) / MB:.1f} MB; uploads over {limits.total_bytes / MB:.1f} MB are refused."
        )
    writer = _Writer(dest, limits)
    try:
        for member in _members(data, filename):
            writer.add(member)
    except (tarfile.TarError, zipfile.BadZipFile, EOFError, zlib.error, NotImplementedError) as error:
        raise InvalidInput(f"{filename} could not be read ({error}); upload a zip or tar archive.") from None
    writer.finish()
    return _root(dest)


def _members(data: bytes, filename: str) -> Iterator[Member]:
    buffer = io.BytesIO(data)
    if zipfile.is_zipfile(buffer):
        yield from _zip_members(zipfile.ZipFile(buffer))
        return
    buffer.seek(0)
    try:
        archive = tarfile.open(fileobj=buffer, mode="r:*")  # noqa: SIM115 - closed by the with below
    except tarfile.TarError:
        raise InvalidInput(
            f"{filename} is neither a zip nor a tar archive (.tar, .tar.gz, .tar.bz2, .tar.xz)."
        ) from None
    with archive:
        yield from _tar_members(archive)


def _zip_members(archive: zipfile.ZipFile) -> Iterator[Member]:
    for info in archive.infolist():
        mode = info.external_attr >> 16
        if info.flag_bits & 0x1:
            raise InvalidInput(f"{info.filename} is encrypted; upload an archive without a password.")
        if info.is_dir():
            kind = "dir"
        elif stat.S_ISLNK(mode):
            kind = "link"
        elif stat.S_IFMT(mode) in (0, stat.S_IFREG):
            kind = "file"
        else:
            kind = "a device file, pipe or socket"
        target = ""
        if kind == "link":
            with archive.open(info) as link:
                target = link.read(MAX_LINK_TARGET + 1).decode(errors="replace")
        yield Member(info.filename, kind, info.file_size, bool(mode & 0o111), partial(archive.open, info), target)


def _tar_members(archive: tarfile.TarFile) -> Iterator[Member]:
    for info in archive:
        if info.isfile() and not info.issparse():
            kind = "file"
        elif info.isdir():
            kind = "dir"
        elif info.issym():
            kind = "link"
        elif info.islnk():
            kind = "a hard link"
        elif info.issparse():
            kind = "a sparse file"
        else:
            kind = "a device file or pipe"
        yield Member(
            info.name, kind, info.size, bool(info.mode & 0o111), partial(_tar_file, archive, info), info.linkname
        )


def _tar_file(archive: tarfile.TarFile, info: tarfile.TarInfo) -> IO[bytes]:
    return archive.extractfile(info) or io.BytesIO()


def _parts(name: str) -> list[str]:
    """The path's components, or InvalidInput if it is absolute or climbs out of the archive."""
    name = name.replace("\\", "/")
    if name.startswith("/") or re.match(r"^[A-Za-z]:", name):
        raise InvalidInput(f"{name} is an absolute path; an archive may only hold relative paths.")
    parts = [part for part in name.split("/") if part not in ("", ".")]
    if ".." in parts:
        raise InvalidInput(f"{name} points outside the archive (it contains '..').")
    if any("\0" in part for part in parts):
        raise InvalidInput(f"{name!r} has a NUL character in its name.")
    return parts


class _Writer:
    def __init__(self, dest: Path, limits: Limits) -> None:
        self.dest, self.limits = dest, limits
        self.entries = self.total = 0
        self.seen: set[str] = set()
        self.links: list[tuple[Path, str, str]] = []

    def add(self, member: Member) -> None:
        self.entries += 1
        if self.entries > self.limits.entries:
            raise InvalidInput(f"The archive has more than {self.limits.entries} entries.")
        parts = _parts(member.name)
        if not parts or parts[0].lower() in SKIPPED or ".git" in (part.lower() for part in parts):
            return
        relative = "/".join(parts)
        if member.kind == "dir":
            return
        if relative in self.seen:
            raise InvalidInput(f"{relative} appears twice in the archive.")
        self.seen.add(relative)
        if member.kind == "link":
            self.links.append((self.dest.joinpath(*parts), relative, self._link_target(relative, member.link_target)))
        elif member.kind == "file":
            self._write(member, relative, self.dest.joinpath(*parts))
        else:
            raise InvalidInput(f"{relative} is {member.kind}; an archive may only hold files, folders and links.")

    def _link_target(self, relative: str, target: str) -> str:
        inside = posixpath.normpath(posixpath.join(posixpath.dirname(relative), target))
        if not target or len(target) > MAX_LINK_TARGET or target.startswith("/") or inside.split("/")[0] == "..":
            raise InvalidInput(
                f"{relative} is a link to {target[:200]!r}, outside the archive; links must stay inside."
            )
        return target

    def _write(self, member: Member, relative: str, path: Path) -> None:
        self._check_size(relative, member.size)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            out = path.open("xb")
        except OSError:
            raise InvalidInput(f"{relative} conflicts with another entry of the archive.") from None
        written = 0
        with out, member.open() as source:
            while chunk := source.read(CHUNK):
                written += len(chunk)
                if written > member.size:
                    raise InvalidInput(f"{relative} holds more bytes than its archive header declares.")
                out.write(chunk)
        self.total += written
        path.chmod(0o755 if member.executable else 0o644)

    def _check_size(self, relative: str, size: int) -> None:
        if size > self.limits.file_bytes:
            raise InvalidInput(
                f"{relative} is {size / MB:.1f} MB; files over {self.limits.file_bytes / MB:.1f} MB are refused."
            )
        if self.total + size > self.limits.total_bytes:
            raise InvalidInput(
                f"The archive unpacks to more than {self.limits.total_bytes / MB:.1f} MB (at {relative}); "
                "remove build output and dependencies and upload again."
            )

    def finish(self) -> None:
        for path, relative, target in self.links:
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
                # The target was checked against the link's own path, so no folder on the way may be a link.
                if path.parent.resolve() != Path(os.path.abspath(path.parent)) or os.path.lexists(path):
                    raise FileExistsError(path)
                os.symlink(target, path)
            except OSError:
                raise InvalidInput(f"{relative} conflicts with another entry of the archive.") from None
        if not self.seen:
            raise InvalidInput("The archive has no files.")


def _root(dest: Path) -> Path:
    """A folder zipped as a whole ("my-solution/…") is committed from inside it."""
    children = list(dest.iterdir())
    if len(children) == 1 and children[0].is_dir() and not children[0].is_symlink():
        return children[0]
    return dest
