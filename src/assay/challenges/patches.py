"""A flawed variant's ``flaw.patch`` (docs/decisions/0001): checked against its base, applied to a copy of it.

The patch is a unified diff whose paths are relative to the base's root, applied with ``git apply``
and no fuzz: when the base has moved on under the lines a flaw touches, the patch stops applying
and the author is told at load time, instead of grading a variant that carries a stale copy.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

from assay.challenges import files

PATCH_FILE = "flaw.patch"
# Writing a patch from two copies of the base, named a/ and b/ so that the paths come out relative to its root.
DIFF_COMMAND = "git diff --no-index --no-prefix a b > flaw.patch"
_GIT_TIMEOUT = 60
# A link a patch creates could point a later hunk (or the grader) outside the tree.
_LINK_MODE = re.compile(r"^(new file mode|new mode) 120000$", re.M)


class PatchRefused(Exception):
    """The patch does not apply to the base; the message is git's."""


def apply_problem(base: Path, patch: Path) -> str | None:
    """Why ``patch`` does not apply to a copy of ``base`` (git's message), or None when it applies."""
    with tempfile.TemporaryDirectory(prefix="assay-flaw-") as scratch:
        tree = Path(scratch) / "tree"
        tree.mkdir()
        files.copy_files(base, tree)
        try:
            _git_apply(tree, patch, check=True)
        except PatchRefused as refused:
            return str(refused)
    return None


def materialize(base: Path, patch: Path, dest: Path) -> Path:
    """Copy ``base`` into a fresh ``dest`` and apply ``patch`` there; raises PatchRefused, leaving no ``dest``."""
    if dest.exists():
        shutil.rmtree(dest)
    dest.mkdir(parents=True)
    try:
        files.copy_files(base, dest)
        _git_apply(dest, patch, check=True)
        _git_apply(dest, patch, check=False)
    except BaseException:
        shutil.rmtree(dest, ignore_errors=True)  # never a half-patched tree for the grader to pick up
        raise
    return dest


def _git_apply(tree: Path, patch: Path, *, check: bool) -> None:
    text = patch.read_text(encoding="utf-8", errors="replace")
    if not text.strip():
        raise PatchRefused("the patch is empty: it must change the base")
    if _LINK_MODE.search(text):
        raise PatchRefused("the patch creates a symbolic link; a flaw changes files only")
    # The ceiling stops git from finding a repository above the tree: paths stay relative to the tree itself.
    env = {**os.environ, "GIT_CEILING_DIRECTORIES": str(tree.parent)}
    argv = ["git", "apply", "--whitespace=nowarn", *(["--check"] if check else []), str(patch.resolve())]
    try:
        done = subprocess.run(argv, cwd=tree, env=env, capture_output=True, text=True, timeout=_GIT_TIMEOUT)
    except (OSError, subprocess.TimeoutExpired) as failed:
        raise PatchRefused(f"git apply could not run: {failed}") from failed
    if done.returncode != 0:
        raise PatchRefused(" ".join(line.strip() for line in done.stderr.splitlines() if line.strip()))
