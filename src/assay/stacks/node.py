"""Node.js (Express and friends): npm with a package-lock.json, native modules built against Debian's headers."""

from __future__ import annotations

import json
import logging
import shlex
from pathlib import Path

from assay.stacks import DependencyRecipe, Prefetch, Stack, ToolResult

log = logging.getLogger(__name__)

# node-gyp builds native modules (bcrypt, sqlite3) against the headers of the node that runs them; Debian
# ships them under /usr/include/node, so npm needs no download of its own.
NODE_HEADERS_DIR = "/usr"
LOCK_FILES = ("package.json", "package-lock.json")


def read_files(workspace: Path, names: tuple[str, ...], required: tuple[str, ...]) -> dict[str, bytes] | None:
    """Regular files (never symlinks) of the workspace, or None if a required one is missing."""
    files: dict[str, bytes] = {}
    for name in names:
        path = workspace / name
        if path.is_file() and not path.is_symlink():
            files[name] = path.read_bytes()[: 8 * 1024 * 1024]
        elif name in required:
            return None
    return files


def lock_files(workspace: Path, registry: str) -> dict[str, bytes] | None:
    """package.json + package-lock.json, when every locked package comes from the registry."""
    files = read_files(workspace, LOCK_FILES, required=LOCK_FILES)
    if files is None:
        return None
    try:
        lock = json.loads(files["package-lock.json"])
    except ValueError:
        return None
    packages = lock.get("packages") or lock.get("dependencies") or {} if isinstance(lock, dict) else {}
    for name, entry in packages.items() if isinstance(packages, dict) else ():
        if name == "" or not isinstance(entry, dict):
            continue
        if not _from_registry(entry, registry):
            log.info("not prefetched: %s is not locked to %s", str(name)[:200], registry)
            return None
    return files


def _from_registry(entry: dict[str, object], registry: str) -> bool:
    """A lock entry fetched from `registry` (npm omits `resolved` with omit-lockfile-registry-resolved)."""
    resolved, version = entry.get("resolved"), entry.get("version")
    if entry.get("link") or not isinstance(entry.get("integrity"), str):
        return False
    if resolved is None:
        return isinstance(version, str) and ":" not in version
    return isinstance(resolved, str) and resolved.startswith(registry)


def fetch(prefetch: Prefetch) -> ToolResult:
    """`npm ci --ignore-scripts`: every tarball into npm's cache, no install script of any package run."""
    command = (
        f"npm ci --ignore-scripts --no-audit --no-fund --cache /cache --registry {shlex.quote(prefetch.registry)}"
        " --logs-dir /scratch/.npm-logs --userconfig /scratch/.npmrc-none"
    )
    return prefetch.tool(command, {"npm_config_update_notifier": "false"}, {prefetch.area / "npm": "/cache"})


def install_env(view: str, writable: bool, offline: bool) -> dict[str, str]:
    return {
        "npm_config_cache": f"{view}/npm",
        # Offline when the lock file was prefetched whole: npm never asks the registry, not even for metadata.
        ("npm_config_offline" if offline else "npm_config_prefer_offline"): "true",
        "npm_config_update_notifier": "false",
        "npm_config_fund": "false",
        "npm_config_audit": "false",
        "npm_config_nodedir": NODE_HEADERS_DIR,
        "npm_config_python": "/usr/bin/python3",
    }


STACK = Stack(
    name="node",
    label="Node.js",
    identifying_files=LOCK_FILES,
    source_suffixes=(".js", ".mjs", ".cjs", ".ts"),
    analyzers=("eslint",),
    coverage="node --test --experimental-test-coverage",
    starter_config='setup = "npm ci"\nstart = "node src/server.js"\ntest = "npm test"\n',
    dependencies=DependencyRecipe(
        default_registry="https://registry.npmjs.org/",
        areas=("npm",),
        lock_files=lock_files,
        fetch=fetch,
        install_env=install_env,
    ),
    setup_advice=(
        (
            "ENOTCACHED",
            "npm needed a package that package-lock.json does not lock: run `npm install` locally and commit the"
            " updated package-lock.json.",
        ),
        (
            "npm ci` can only install packages when your package.json and package-lock.json",
            "package.json and package-lock.json disagree: run `npm install` locally and commit both.",
        ),
        (
            "gyp ERR!",
            "A native module failed to build: the sandbox has Node.js headers, Python 3, make and g++, but no other"
            " system library; choose a version or package that builds with those.",
        ),
        ("E404", "package-lock.json names a package or version the npm registry does not have."),
    ),
)
