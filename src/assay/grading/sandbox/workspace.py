"""Size-limited writable directories (tmpfs) and safe copying into them."""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import shutil
import stat
from dataclasses import dataclass, field
from pathlib import Path

_libc = ctypes.CDLL(ctypes.util.find_library("c"), use_errno=True)
_MNT_DETACH = 2
_MS_RDONLY = 1
_MS_NOSUID = 2
_MS_NODEV = 4
_MS_REMOUNT = 32
_MS_BIND = 4096


def mount_tmpfs(target: Path, size_mb: int, uid: int, mode: int = 0o700) -> None:
    """Mount a tmpfs of `size_mb` owned by `uid`; writes past the size get ENOSPC."""
    target.mkdir(parents=True, exist_ok=True)
    opts = f"size={size_mb}m,mode={mode:o},uid={uid},gid={uid}".encode()
    flags = _MS_NOSUID | _MS_NODEV
    if _libc.mount(b"tmpfs", str(target).encode(), b"tmpfs", flags, opts) != 0:
        err = ctypes.get_errno()
        raise OSError(err, f"mount tmpfs on {target}: {os.strerror(err)}")


def _mount(source: str, target: Path, fstype: str | None, flags: int, opts: str | None = None) -> None:
    data = opts.encode() if opts is not None else None
    kind = fstype.encode() if fstype is not None else None
    if _libc.mount(source.encode(), str(target).encode(), kind, flags, data) != 0:
        err = ctypes.get_errno()
        raise OSError(err, f"mount {fstype or 'bind'} {source} on {target}: {os.strerror(err)}")


def bind_mount(source: Path, target: Path, *, readonly: bool) -> None:
    """Bind `source` at `target` (done as root, so `source`'s ancestors need not be traversable)."""
    target.mkdir(parents=True, exist_ok=True)
    _mount(str(source), target, None, _MS_BIND)
    if readonly:
        try:
            _mount("none", target, None, _MS_REMOUNT | _MS_BIND | _MS_RDONLY | _MS_NOSUID | _MS_NODEV)
        except OSError:
            unmount(target)
            raise


def mount_overlay(lower: Path, scratch: Path, target: Path) -> None:
    """A copy-on-write view of `lower` at `target`; writes land in `scratch`, never in `lower`."""
    upper, work = scratch / "upper", scratch / "work"
    for path in (upper, work, target):
        path.mkdir(parents=True, exist_ok=True)
    opts = f"lowerdir={lower},upperdir={upper},workdir={work}"
    _mount("overlay", target, "overlay", _MS_NOSUID | _MS_NODEV, opts)


def mounts_under(root: Path) -> list[str]:
    """Mount points at or below `root`, from our mount table."""
    prefix = str(root).rstrip("/") + "/"
    points = [line.split()[4] for line in Path("/proc/self/mountinfo").read_text().splitlines()]
    return [point for point in points if point == str(root) or point.startswith(prefix)]


def unmount(target: Path) -> None:
    # Lazy detach: a straggler holding a file must not keep the run alive.
    _libc.umount2(str(target).encode(), _MNT_DETACH)


@dataclass
class CopyReport:
    """What `copy_tree` did not copy, and why (for the report)."""

    copied_files: int = 0
    skipped: list[tuple[str, str]] = field(default_factory=list)


def _inside(root: bytes, link: bytes) -> bool:
    """Whether a relative symlink, resolved physically in the source tree, stays inside it.

    realpath only reads link values, never file contents, so resolving on
    the host is safe; it catches chains such as `d -> .` + `x -> d/d/../..`
    that a lexical check would let through.
    """
    if os.path.isabs(os.readlink(link)):
        return False
    real_root = os.path.realpath(root)
    resolved = os.path.realpath(link)
    return resolved == real_root or resolved.startswith(real_root + os.sep.encode())


def copy_tree(source: Path, dest: Path, uid: int) -> CopyReport:
    """Copy `source` into `dest`, owned by `uid`, never following symlinks.

    Symlinks are recreated only when relative and pointing inside the tree
    (a link to /etc/shadow or ../../ is skipped and reported). Devices, FIFOs
    and sockets are skipped. Names are handled as bytes, so non-UTF-8 file
    names survive. The caller's tree is never written to.
    """
    report = CopyReport()
    src_root = os.fsencode(source)
    dst_root = os.fsencode(dest)
    for dirpath, dirnames, filenames in os.walk(src_root, followlinks=False):
        rel = os.path.relpath(dirpath, src_root)
        out_dir = os.path.normpath(os.path.join(dst_root, rel))
        os.makedirs(out_dir, exist_ok=True)
        os.chown(out_dir, uid, uid)
        for name in [*dirnames, *filenames]:
            _copy_entry(os.path.join(dirpath, name), os.path.join(out_dir, name), src_root, uid, report)
        # followlinks=False: a symlinked dir is listed in dirnames but not
        # entered; _copy_entry treated it as a link.
    return report


def _copy_entry(src: bytes, dst: bytes, root: bytes, uid: int, report: CopyReport) -> None:
    st = os.lstat(src)
    shown = os.fsdecode(os.path.relpath(src, root))
    if stat.S_ISLNK(st.st_mode):
        if _inside(root, src):
            os.symlink(os.readlink(src), dst)
            os.lchown(dst, uid, uid)
        else:
            report.skipped.append((shown, "symlink pointing outside the submission"))
    elif stat.S_ISREG(st.st_mode):
        shutil.copyfile(src, dst, follow_symlinks=False)
        os.chmod(dst, stat.S_IMODE(st.st_mode) & 0o755 | 0o600)
        os.chown(dst, uid, uid)
        report.copied_files += 1
    elif not stat.S_ISDIR(st.st_mode):
        report.skipped.append((shown, "not a regular file"))
