"""Go (net/http or chi, pgx): modules from the Go module proxy, and their compiled packages kept between runs.

The prefetch downloads the modules go.mod requires and compiles the packages the code imports (of those
modules and of the standard library) into a build cache (`build/`); candidates read both through an overlay,
so a second grading compiles only the candidate's own packages. The build cache only ever holds what the
prefetch compiled from the proxy's modules and Go's standard library: the prefetch is given import paths,
never the candidate's source.
"""

from __future__ import annotations

import re
import shlex
from pathlib import Path

from assay.stacks import VIEW, DependencyRecipe, Prefetch, Stack, ToolResult

_MODULE = re.compile(rb"^\s*module\s+(\S+)", re.MULTILINE)
_IMPORT_BLOCK = re.compile(rb"^import\s*\(([^)]*)\)", re.MULTILINE)
_IMPORT_LINE = re.compile(rb'^import\s+(?:[\w.]+\s+)?"([^"]+)"', re.MULTILINE)
_QUOTED = re.compile(rb'"([^"\s]+)"')
# A replace directive whose target is a directory (not a module path): `=> ./x`, `=> ../x`, `=> /x`.
_LOCAL_REPLACE = re.compile(rb"=>\s*(\.{1,2}/|/)")
_IMPORT_PATH = re.compile(r"^[A-Za-z0-9.\-_~/]+$")
MAX_SOURCE_FILES = 2000


def lock_files(workspace: Path, registry: str) -> dict[str, bytes] | None:
    """go.mod and go.sum, plus the third-party import paths of the code (to compile into the build cache)."""
    files: dict[str, bytes] = {}
    for name in ("go.mod", "go.sum"):
        path = workspace / name
        if path.is_file() and not path.is_symlink():
            files[name] = path.read_bytes()[: 8 * 1024 * 1024]
    if "go.mod" not in files or _LOCAL_REPLACE.search(files["go.mod"]):
        # A module replaced by a directory cannot be fetched from the proxy; the setup says what to do.
        return None
    module = _MODULE.search(files["go.mod"])
    own = module.group(1).decode(errors="replace") if module else ""
    files["imports.txt"] = "\n".join(sorted(dependency_imports(workspace, own))).encode() + b"\n"
    return files


def dependency_imports(workspace: Path, own_module: str) -> set[str]:
    """Import paths of the code that are not the candidate's own module: the standard library's and modules'."""
    found: set[str] = set()
    sources = (p for p in workspace.rglob("*.go") if p.is_file() and not p.is_symlink())
    for _, path in zip(range(MAX_SOURCE_FILES), sources, strict=False):
        text = path.read_bytes()[:262_144]
        paths = [m.group(1) for m in _IMPORT_LINE.finditer(text)]
        for block in _IMPORT_BLOCK.finditer(text):
            paths += [m.group(1) for m in _QUOTED.finditer(block.group(1))]
        for raw in paths:
            name = raw.decode(errors="replace")
            mine = own_module and (name == own_module or name.startswith(f"{own_module}/"))
            if name != "C" and not mine and _IMPORT_PATH.match(name) and not name.startswith("-"):
                found.add(name)
    return found


def fetch(prefetch: Prefetch) -> ToolResult:
    """Download the modules, then compile the imported packages of them (a failed compile only costs speed)."""
    imports = (prefetch.scratch / "imports.txt").read_text().split()
    build = f" && (go build {' '.join(shlex.quote(i) for i in imports)} >/dev/null 2>&1 || true)" if imports else ""
    env = {
        **_common_env(),
        # -modcacherw: modules stay writable, so overlays and cleanup work.
        "GOFLAGS": "-mod=mod -modcacherw",
        "GOPROXY": prefetch.registry,  # no ",direct": never run git/hg on a lock file's say-so
        "GOCACHE": f"{VIEW}/go/build",
    }
    # The same paths as the candidate's view: the build cache's keys include where a package's files are.
    mounts = {prefetch.area / "mod": f"{VIEW}/go/mod", prefetch.area / "build": f"{VIEW}/go/build"}
    return prefetch.tool(f"go mod download{build}", env, mounts)


def _common_env() -> dict[str, str]:
    return {"GOMODCACHE": f"{VIEW}/go/mod", "GOTOOLCHAIN": "local", "GOENV": "off", "GOPATH": "/tmp/go"}  # noqa: S108 - the sandbox's private /tmp


def install_env(view: str, writable: bool, offline: bool) -> dict[str, str]:
    env = {**_common_env(), "GOMODCACHE": f"{view}/mod", "GOFLAGS": "-mod=mod"}
    if writable:
        env["GOCACHE"] = f"{view}/build"  # a private overlay: the prefetch's compiled packages, the run's own on top
    # A read-only module cache cannot take new modules: never download then. The prefetch checked every
    # module against the checksum database, so the offline build need not ask it again.
    if offline or not writable:
        return {**env, "GOPROXY": "off", "GOSUMDB": "off"}
    return {**env, "GOPROXY": "https://proxy.golang.org"}


STACK = Stack(
    name="go",
    label="Go",
    identifying_files=("go.mod",),
    source_suffixes=(".go",),
    analyzers=("go_vet", "staticcheck", "gosec"),
    coverage="go test -coverprofile=coverage.out ./...",
    starter_config='setup = "go build -o bin/server ./cmd/server"\nstart = "./bin/server"\ntest = "go test -v ./..."\n',
    dependencies=DependencyRecipe(
        default_registry="https://proxy.golang.org",
        areas=("mod", "build"),
        lock_files=lock_files,
        fetch=fetch,
        install_env=install_env,
    ),
    setup_advice=(
        *(
            (
                symptom,
                "A replace directive in go.mod points at a directory outside the repository: copy that module into"
                " the repository (and point the replace at ./its-folder) or depend on a published version.",
            )
            for symptom in ("replacement directory", "(replaced by ../", "(replaced by /")
        ),
        (
            "missing go.sum entry",
            "go.sum lacks an entry the build needs: run `go mod tidy` locally and commit go.mod and go.sum.",
        ),
        (
            "module lookup disabled by GOPROXY=off",
            "The code imports a module go.mod does not require: run `go mod tidy` locally and commit go.mod and"
            " go.sum.",
        ),
        ("unknown revision", "go.mod requires a module version that does not exist: check it with `go mod tidy`."),
        ("404 Not Found", "go.mod requires a module or version the Go module proxy does not have."),
        (
            "cgo: C compiler",
            "A dependency needs cgo and a C library the sandbox does not have: choose a pure-Go alternative.",
        ),
    ),
)
