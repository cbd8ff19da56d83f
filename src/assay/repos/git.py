"""Running the real git CLI on a bare repository, isolated from the host's git configuration."""

from __future__ import annotations

import os
import subprocess
from collections.abc import Mapping
from pathlib import Path

from django.conf import settings

ASSAY = ("Assay", "assay@localhost")
CANDIDATE = ("Candidate", "candidate@assay.invalid")
MAIN = "refs/heads/main"
ZERO = "0" * 40


class GitFailed(RuntimeError):
    """git exited non-zero where Assay expected it to work: a bug or a broken repository, never user input."""


def repos_dir() -> Path:
    return Path(getattr(settings, "ASSAY_REPOS_DIR", settings.VAR_DIR / "repos"))


def clean_env(**extra: str) -> dict[str, str]:
    """An environment with nothing of the platform's (no secrets for hooks) and no host git configuration."""
    return {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": "/nonexistent",
        "XDG_CONFIG_HOME": "/nonexistent",
        "GIT_CONFIG_NOSYSTEM": "1",
        "GIT_CONFIG_GLOBAL": os.devnull,
        "LC_ALL": "C",
        **extra,
    }


def identity(who: tuple[str, str], committer: tuple[str, str] = ASSAY) -> dict[str, str]:
    return {
        "GIT_AUTHOR_NAME": who[0],
        "GIT_AUTHOR_EMAIL": who[1],
        "GIT_COMMITTER_NAME": committer[0],
        "GIT_COMMITTER_EMAIL": committer[1],
    }


def git(
    git_dir: Path, *args: str, env: Mapping[str, str] | None = None, check: bool = True, work_tree: Path | None = None
) -> subprocess.CompletedProcess[bytes]:
    command = ["git", f"--git-dir={git_dir}"]
    if work_tree is not None:
        command.append(f"--work-tree={work_tree}")
    result = subprocess.run([*command, *args], env=clean_env(**(env or {})), capture_output=True, timeout=300)
    if check and result.returncode != 0:
        raise GitFailed(f"git {' '.join(args)} failed in {git_dir}: {result.stderr.decode(errors='replace')}")
    return result


def text(git_dir: Path, *args: str, env: Mapping[str, str] | None = None) -> str:
    return git(git_dir, *args, env=env).stdout.decode().strip()


def resolve(git_dir: Path, revision: str) -> str | None:
    result = git(git_dir, "rev-parse", "--verify", "--quiet", "--end-of-options", revision, check=False)
    return result.stdout.decode().strip() or None if result.returncode == 0 else None


def commit_work_tree(
    git_dir: Path, work_tree: Path, *, message: str, author: tuple[str, str], parent: str | None
) -> str:
    """Commit every file of ``work_tree`` (as `git add -A` sees it, .gitignore included) as a new commit.

    A throwaway index keeps the bare repository's own state untouched; nothing moves a ref here.
    """
    index = git_dir / f"assay-index-{os.getpid()}-{id(work_tree)}"
    try:
        env = {"GIT_INDEX_FILE": str(index)}
        git(git_dir, "add", "--all", env=env, work_tree=work_tree)
        tree = text(git_dir, "write-tree", env=env)
        parents = ["-p", parent] if parent else []
        return text(git_dir, "commit-tree", tree, *parents, "-m", message, env=identity(author))
    finally:
        index.unlink(missing_ok=True)
