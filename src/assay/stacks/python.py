"""Python (FastAPI and friends): pip, wheels from PyPI, ruff and bandit."""

from __future__ import annotations

import html
import logging
import re
import shlex
import uuid
from collections.abc import Callable
from pathlib import Path

from assay.stacks import DependencyRecipe, Prefetch, Stack, ToolResult

log = logging.getLogger(__name__)

PYTHON = "/usr/bin/python3"  # the sandbox's interpreter: wheels must match its tags
# A requirement line we prefetch: a name, extras, version specifiers, markers,
# --hash options. No URLs, paths, options or environment variables.
_PLAIN_REQUIREMENT = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*(\[[A-Za-z0-9._,\s-]*\])?[^@/\\$:]*$")
_HASH_OPTION = re.compile(r"\s--hash[= ]\S+")
_SKIPPED = "# assay: some requirements are not plain index requirements\n"


def lock_files(workspace: Path, registry: str) -> dict[str, bytes] | None:
    """requirements.txt reduced to plain index requirements; other lines are logged and skipped."""
    path = workspace / "requirements.txt"
    if not path.is_file() or path.is_symlink():
        return None
    text = path.read_bytes()[: 1024 * 1024].decode("utf-8", errors="replace")
    kept, skipped = [], False
    for line in text.replace("\\\n", " ").splitlines():
        requirement = line.split(" #", 1)[0].strip()
        if not requirement or requirement.startswith("#"):
            continue
        if _PLAIN_REQUIREMENT.match(_HASH_OPTION.sub("", f" {requirement}").strip()):
            kept.append(requirement)
        else:
            skipped = True
            log.info("not prefetched (not a plain index requirement): %s", requirement[:200])
    if not kept:
        return None
    # The skipped-lines note is part of the digest's input and tells `complete` the install needs the index.
    return {"requirements.txt": (_SKIPPED if skipped else "").encode() + "\n".join(kept).encode() + b"\n"}


def complete(files: dict[str, bytes]) -> bool:
    return not files["requirements.txt"].startswith(_SKIPPED.encode())


def fetch(prefetch: Prefetch) -> ToolResult:
    """Download wheels only (never an sdist: building one runs its code), then publish them atomically."""
    staging = prefetch.staging()
    command = (
        f"{PYTHON} -m pip download --isolated --disable-pip-version-check --no-input --progress-bar off"
        f" --only-binary=:all: --index-url {shlex.quote(prefetch.registry)}"
        " --cache-dir /cache/pip --dest /cache/dest -r /scratch/requirements.txt"
    )
    result = prefetch.tool(command, {}, {prefetch.area / "pip": "/cache/pip", staging: "/cache/dest"})
    publish_wheels(prefetch.area, staging, prefetch.own)
    return result


def publish_wheels(area: Path, staging: Path, own: Callable[[Path, int], None]) -> None:
    """Move downloaded wheels into the cache and index them (PEP 503 pages for the index fallback)."""
    # Index files are immutable per name, so a name already present is the
    # same file; rename is atomic, so readers never see half a wheel.
    wheels = area / "wheels"
    projects = set()
    for path in staging.iterdir():
        if path.is_file() and not path.is_symlink() and path.name.endswith(".whl"):
            target = wheels / path.name
            if not target.exists():
                own(path, 0o666)
                path.rename(target)
            projects.add(_project(path.name))
    for project in projects:
        _write_index(area, project, own)


def _write_index(area: Path, project: str, own: Callable[[Path, int], None]) -> None:
    wheels = sorted(p.name for p in (area / "wheels").glob("*.whl") if _project(p.name) == project)
    links = "".join(f'<a href="../../wheels/{html.escape(name)}">{html.escape(name)}</a>\n' for name in wheels)
    page = area / "simple" / project
    page.mkdir(exist_ok=True)
    own(page, 0o777)
    staging = page / f".index-{uuid.uuid4().hex[:8]}"
    staging.write_text(f"<!DOCTYPE html>\n<html><body>\n{links}</body></html>\n")
    own(staging, 0o666)
    staging.rename(page / "index.html")


def _project(wheel: str) -> str:
    """PEP 503 normalised project name of a wheel file."""
    return re.sub(r"[-_.]+", "-", wheel.split("-", 1)[0]).lower()


def install_env(view: str, writable: bool, offline: bool) -> dict[str, str]:
    env = {"PIP_DISABLE_PIP_VERSION_CHECK": "1", "PIP_PROGRESS_BAR": "off"}
    if offline:
        # Every wheel is cached: no index at all, so no round trip to PyPI and no noise about missing pages.
        env |= {"PIP_NO_INDEX": "1", "PIP_FIND_LINKS": f"{view}/wheels"}
    else:
        # The cache is an *extra* index: for equal versions pip takes the
        # candidate it found last, so a cached wheel wins over PyPI's copy
        # (find-links would lose that tie), and a newer release still installs.
        env |= {"PIP_INDEX_URL": "https://pypi.org/simple", "PIP_EXTRA_INDEX_URL": f"file://{view}/simple"}
    # A read-only pip cache only earns a warning; a private one is used.
    return {**env, "PIP_CACHE_DIR": f"{view}/pip"} if writable else env


STACK = Stack(
    name="python",
    label="Python",
    identifying_files=("requirements.txt", "pyproject.toml"),
    source_suffixes=(".py",),
    analyzers=("ruff", "bandit"),
    coverage="python -m pytest --cov=. --cov-report=json:coverage.json -q",
    starter_config=(
        'setup = "python3 -m venv .venv && .venv/bin/pip install -r requirements.txt"\n'
        'start = ".venv/bin/uvicorn app.main:app --host 127.0.0.1 --port $PORT"\n'
        'test = ".venv/bin/python -m pytest -q tests"\n'
    ),
    dependencies=DependencyRecipe(
        default_registry="https://pypi.org/simple",
        areas=("pip", "wheels", "simple"),
        lock_files=lock_files,
        fetch=fetch,
        install_env=install_env,
        complete=complete,
    ),
    setup_advice=(
        (
            "No matching distribution found",
            "A requirement names a package or version that does not exist (or, when every requirements.txt"
            " line was cached, something installed beside requirements.txt): check the names and versions, and"
            " list every dependency in requirements.txt.",
        ),
        (
            "Failed building wheel",
            "A dependency had to be compiled from source and failed: pin a version that ships a wheel for"
            " Python 3.11 on Linux x86-64.",
        ),
    ),
)
