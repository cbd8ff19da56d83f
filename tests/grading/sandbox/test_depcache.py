"""The dependency cache: filled by a trusted prefetch, read by candidates, never poisoned by them."""

from __future__ import annotations

import hashlib
import shutil
import subprocess
import tempfile
import zipfile
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from sandbox_support import TEST_LIMITS, HostListener

from assay.grading.depcache import DependencyCache
from assay.grading.sandbox import SandboxRun
from assay.stacks import python

GO_MOD = b"module example.com/app\n\ngo 1.21\n"


@pytest.fixture
def cache() -> Iterator[DependencyCache]:
    root = Path(tempfile.mkdtemp(prefix="assay-depcache-"))
    yield DependencyCache(root)
    subprocess.run(["rm", "-rf", str(root)], check=True)


@pytest.fixture(scope="module")
def tiny_wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A wheel of a one-module package, written by hand (offline, no build backend needed)."""
    wheel = tmp_path_factory.mktemp("wheels") / "tinypkg-1.0-py3-none-any.whl"
    info = "tinypkg-1.0.dist-info"
    files = {
        "tinypkg.py": "GREETING = 'from the cache'\n",
        f"{info}/METADATA": "Metadata-Version: 2.1\nName: tinypkg\nVersion: 1.0\n",
        f"{info}/WHEEL": "Wheel-Version: 1.0\nGenerator: test\nRoot-Is-Purelib: true\nTag: py3-none-any\n",
    }
    with zipfile.ZipFile(wheel, "w") as archive:
        for name, text in files.items():
            archive.writestr(name, text)
        archive.writestr(f"{info}/RECORD", "".join(f"{name},,\n" for name in [*files, f"{info}/RECORD"]))
    return wheel


def add_wheels(cache: DependencyCache, wheel: Path) -> None:
    """Seed the cache as an operator with an offline wheelhouse would."""
    staging = cache.root / "staging" / "seed"
    staging.mkdir()
    shutil.copyfile(wheel, staging / wheel.name)
    python.publish_wheels(cache.area("python"), staging, cache.own)
    shutil.rmtree(staging)


def tree(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in root.rglob("*") if p.is_file()}


def test_candidate_installs_from_the_cache_without_network(cache: DependencyCache, tiny_wheel: Path) -> None:
    add_wheels(cache, tiny_wheel)
    with SandboxRun(limits=TEST_LIMITS.with_wall(60)) as run:
        env = cache.attach(run, "python")
        # The candidate's own setup, no --no-index: PyPI is unreachable, the cache is not.
        setup = "python3 -m pip install --retries 0 --target /workspace/lib tinypkg"
        result = run.run(setup, env=env, network="none")
        assert result.ok, result.stderr
        imported = run.run(["python3", "-c", "import tinypkg; print(tinypkg.GREETING)"], env={"PYTHONPATH": "lib"})
        assert imported.stdout.strip() == "from the cache"


def test_candidate_writes_to_the_cache_stay_in_its_run(cache: DependencyCache, tiny_wheel: Path) -> None:
    add_wheels(cache, tiny_wheel)
    before = tree(cache.root)
    wheel = f"/deps/python/wheels/{tiny_wheel.name}"
    poison = f"echo evil > {wheel} && rm /deps/python/simple/tinypkg/index.html && echo x > /deps/python/pip/planted"
    with SandboxRun(limits=TEST_LIMITS) as run:
        env = cache.attach(run, "python")
        assert run.run(poison, env=env).ok  # a private view: writes succeed...
        assert run.run(f"cat {wheel}").stdout == "evil\n"
    assert tree(cache.root) == before  # ...and never reach the shared cache
    with SandboxRun(limits=TEST_LIMITS) as other:
        cache.attach(other, "python")
        seen = other.run(f"sha256sum {wheel}; cat /deps/python/simple/tinypkg/index.html")
    assert seen.stdout.split()[0] == hashlib.sha256(tiny_wheel.read_bytes()).hexdigest()
    assert tiny_wheel.name in seen.stdout


def test_the_shared_cache_is_out_of_reach_without_a_view(cache: DependencyCache) -> None:
    with SandboxRun(limits=TEST_LIMITS) as run:
        result = run.run(f"ls {cache.root}")
    assert result.exit_code != 0
    assert oct(cache.root.stat().st_mode & 0o777) == "0o700"


def test_second_prefetch_of_the_same_lockfile_is_skipped(cache: DependencyCache) -> None:
    with SandboxRun(limits=TEST_LIMITS) as run:
        (run.workspace / "go.mod").write_bytes(GO_MOD)
        first = cache.prefetch(run, "go")
        assert first is not None and first.ok, first
        assert cache.prefetch(run, "go") is None
        (run.workspace / "go.mod").write_bytes(GO_MOD + b"// changed\n")
        assert cache.prefetch(run, "go") is not None


def test_nothing_to_prefetch(cache: DependencyCache) -> None:
    with SandboxRun(limits=TEST_LIMITS) as run:
        assert cache.prefetch(run, "python") is None  # no requirements.txt
        assert cache.prefetch(run, "java") is None  # no pom.xml
        (run.workspace / "requirements.txt").write_text(
            "-e .\n./local\nx @ http://127.0.0.1:6379/x.whl\n-r /etc/shadow\n"
        )
        assert cache.prefetch(run, "python") is None  # no plain index requirement left
        assert cache.attach(run, "sql") == {}  # a stack with nothing to install


def test_prefetch_tool_cannot_reach_host_loopback(cache: DependencyCache) -> None:
    listener = HostListener()
    try:
        with SandboxRun(limits=TEST_LIMITS) as run:
            probe = f"python3 -c 'import socket; socket.create_connection((\"127.0.0.1\", {listener.port}), 2)'"
            result = run.run_tool(probe, uid=cache.uid, writable={}, limits=TEST_LIMITS)
        assert result.exit_code != 0
        assert not listener.accepted()
    finally:
        listener.close()


@pytest.mark.usefixtures("pypi")
def test_second_pip_setup_downloads_nothing(cache: DependencyCache) -> None:
    setup = "python3 -m pip install --target /workspace/lib -r requirements.txt 2>&1"
    for attempt in range(2):
        # Installing FastAPI's wheels takes more than the tests' usual 5 s of CPU.
        with SandboxRun(limits=replace(TEST_LIMITS, wall_seconds=300, cpu_seconds=120, memory_mb=512)) as run:
            (run.workspace / "requirements.txt").write_text("fastapi\n")
            prefetched = cache.prefetch(run, "python")
            assert (prefetched is not None and prefetched.ok) if attempt == 0 else prefetched is None
            result = run.run(setup, env=cache.attach(run, "python"), network="registries")
            assert result.ok, result.stdout
            assert "Downloading" not in result.stdout and "Processing" in result.stdout


@pytest.mark.usefixtures("npm_registry")
def test_second_npm_ci_downloads_nothing(cache: DependencyCache, tmp_path: Path) -> None:
    (tmp_path / "package.json").write_text('{"name": "app", "version": "1.0.0", "dependencies": {"ms": "2.1.3"}}')
    lock = subprocess.run(
        ["npm", "install", "--package-lock-only", "--ignore-scripts", "--cache", str(tmp_path / "c")],
        cwd=tmp_path,
        capture_output=True,
    )
    assert lock.returncode == 0, lock.stderr
    for attempt in range(2):
        with SandboxRun(limits=TEST_LIMITS.with_wall(300)) as run:
            run.copy_source(tmp_path, "")
            prefetched = cache.prefetch(run, "node")
            assert (prefetched is not None and prefetched.ok) if attempt == 0 else prefetched is None
            env = cache.attach(run, "node")
            # Offline: only a complete cache can satisfy npm ci now.
            result = run.run(
                "npm ci --ignore-scripts --offline && node -e 'console.log(require(\"ms\")(60000))'", env=env
            )
            assert result.ok, result.stderr
            assert result.stdout.strip().endswith("1m")
