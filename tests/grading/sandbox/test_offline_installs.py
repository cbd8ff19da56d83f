"""Installs read the prefetched dependency cache offline: no registry round trip once a lock file is cached.

Each stack's install runs here with no network at all after its prefetch; a bad lock file fails the prefetch
without harming the cache.
"""

from __future__ import annotations

import os
import subprocess
import tempfile
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from sandbox_support import TEST_LIMITS

from assay import stacks
from assay.grading.depcache import DependencyCache
from assay.grading.sandbox import SandboxRun

BUILD_LIMITS = replace(TEST_LIMITS, wall_seconds=600, cpu_seconds=600, memory_mb=2048, processes=256, disk_mb=1024)
GO_MAIN = (
    'package main\n\nimport (\n\t"fmt"\n\n\t"github.com/google/uuid"\n)\n\n'
    "func main() { fmt.Println(len(uuid.NewString())) }\n"
)
POM = """<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>example</groupId><artifactId>app</artifactId><version>1.0</version>
  <properties>
    <maven.compiler.source>17</maven.compiler.source><maven.compiler.target>17</maven.compiler.target>
  </properties>
  <dependencies>
    <dependency><groupId>org.junit.jupiter</groupId><artifactId>junit-jupiter</artifactId>
      <version>5.10.2</version><scope>test</scope></dependency>
  </dependencies>
  <build><finalName>app</finalName><plugins>
    <plugin><artifactId>maven-surefire-plugin</artifactId><version>3.2.5</version></plugin>
  </plugins></build>
</project>
"""
JAVA_TEST = (
    "package example;\n\nclass AppTest {\n    @org.junit.jupiter.api.Test\n"
    "    void adds() { org.junit.jupiter.api.Assertions.assertEquals(2, 1 + 1); }\n}\n"
)


@pytest.fixture
def cache() -> Iterator[DependencyCache]:
    root = Path(tempfile.mkdtemp(prefix="assay-depcache-"))
    yield DependencyCache(root)
    subprocess.run(["rm", "-rf", str(root)], check=True)


def files_of(root: Path) -> dict[str, int]:
    """What runs can see of the cache (state/ holds only the prefetch's own locks and markers)."""
    files = (p for p in root.rglob("*") if p.is_file() and p.relative_to(root).parts[0] != "state")
    return {str(p.relative_to(root)): p.stat().st_size for p in files}


def prefetched_run(cache: DependencyCache, source: Path, stack: str) -> Iterator[tuple[SandboxRun, dict[str, str]]]:
    """A first run prefetches the lock file; the yielded second run sees the cache, offline."""
    with SandboxRun(limits=BUILD_LIMITS) as first:
        first.copy_source(source)
        prefetched = cache.prefetch(first, stack)
        assert prefetched is not None and prefetched.ok, (prefetched.stdout[-2000:], prefetched.stderr[-2000:])
    with SandboxRun(limits=BUILD_LIMITS) as second:
        second.copy_source(source)
        assert cache.prefetch(second, stack) is None  # once per lock file
        yield second, {**stacks.registry()[stack].runtime_env(BUILD_LIMITS.memory_mb), **cache.attach(second, stack)}


@pytest.mark.usefixtures("pypi")
def test_pip_installs_offline_from_the_cache_without_noise(cache: DependencyCache, tmp_path: Path) -> None:
    (tmp_path / "requirements.txt").write_text("six==1.16.0\n")
    for run, env in prefetched_run(cache, tmp_path, "python"):
        result = run.run("python3 -m pip install --target lib -r requirements.txt 2>&1", env=env, network="none")
        assert result.ok, result.stdout
        assert "ignored" not in result.stdout and "Downloading" not in result.stdout


@pytest.mark.usefixtures("pypi")
def test_a_lock_file_naming_no_real_package_fails_the_prefetch_and_harms_nothing(
    cache: DependencyCache, tmp_path: Path
) -> None:
    before = files_of(cache.root)
    with SandboxRun(limits=BUILD_LIMITS) as run:
        (run.workspace / "requirements.txt").write_text("assay-no-such-package-exists==1.0\n")
        result = cache.prefetch(run, "python")
        assert result is not None and not result.ok
        assert not cache.complete(run.workspace, "python")  # so the install asks the index and says why
        assert not list((cache.root / "state").glob("*.done"))  # and the next grading tries again
        advice = stacks.registry()["python"].advice(result.stdout + result.stderr)
    assert "does not exist" in advice
    assert files_of(cache.root) == before


@pytest.mark.usefixtures("go_proxy")
def test_go_builds_offline_and_does_not_compile_its_dependencies_again(cache: DependencyCache, tmp_path: Path) -> None:
    (tmp_path / "main.go").write_text(GO_MAIN)
    (tmp_path / "go.mod").write_text("module example.com/app\n\ngo 1.21\n\nrequire github.com/google/uuid v1.6.0\n")
    tidy = subprocess.run(
        ["go", "mod", "tidy"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        env={**os.environ, "GOMODCACHE": str(tmp_path / ".mod"), "GOFLAGS": "-modcacherw", "GOTOOLCHAIN": "local"},
        check=False,
    )
    assert tidy.returncode == 0, tidy.stderr
    subprocess.run(["rm", "-rf", str(tmp_path / ".mod")], check=True)
    for run, env in prefetched_run(cache, tmp_path, "go"):
        assert env["GOPROXY"] == "off"
        built = run.run("go build -v -o bin/app . && ./bin/app", env=env, network="none")
        assert built.ok, built.stderr
        assert built.stdout.strip() == "36"
        # -v names each package it compiles: only the candidate's own, the rest came from the build cache.
        assert "github.com/google/uuid" not in built.stderr and "net" not in built.stderr.split()


@pytest.mark.usefixtures("go_proxy")
def test_a_go_replace_outside_the_repository_is_not_fetched_and_explained(cache: DependencyCache) -> None:
    with SandboxRun(limits=BUILD_LIMITS) as run:
        go_mod = "module example.com/app\n\ngo 1.21\n\nreplace example.com/lib => ../lib\n"
        (run.workspace / "go.mod").write_text(go_mod)
        assert cache.prefetch(run, "go") is None
        env = cache.attach(run, "go")
        (run.workspace / "main.go").write_text('package main\n\nimport _ "example.com/lib"\n\nfunc main() {}\n')
        (run.workspace / "go.mod").write_text(
            "module example.com/app\n\ngo 1.21\n\nrequire example.com/lib v0.0.0\n\nreplace example.com/lib => ../lib\n"
        )
        built = run.run("go build ./...", env=env, network="none")
    assert not built.ok
    assert "outside the repository" in stacks.registry()["go"].advice(built.stderr)


@pytest.mark.usefixtures("maven_central")
def test_maven_builds_and_tests_offline_from_the_prefetched_repository(cache: DependencyCache, tmp_path: Path) -> None:
    (tmp_path / "pom.xml").write_text(POM)
    (tmp_path / "src/main/java/example").mkdir(parents=True)
    (tmp_path / "src/main/java/example/App.java").write_text("package example;\n\npublic class App {}\n")
    (tmp_path / "src/test/java/example").mkdir(parents=True)
    (tmp_path / "src/test/java/example/AppTest.java").write_text(JAVA_TEST)
    for run, env in prefetched_run(cache, tmp_path, "java"):
        assert "-Duser.home=/deps/java/home" in env["MAVEN_OPTS"]  # the offline settings
        built = run.run("mvn -B package 2>&1", env=env, network="none")
        assert built.ok, built.stdout[-3000:]
        assert "Tests run: 1, Failures: 0" in built.stdout
        assert "Downloading" not in built.stdout


def test_a_native_node_module_builds_with_no_network(cache: DependencyCache, tmp_path: Path) -> None:
    """node-gyp finds the Node.js headers on the machine instead of downloading them (bcrypt, sqlite3)."""
    (tmp_path / "binding.gyp").write_text('{"targets": [{"target_name": "hello", "sources": ["hello.c"]}]}')
    (tmp_path / "hello.c").write_text(
        "#include <node_api.h>\n"
        "static napi_value Init(napi_env env, napi_value exports) { return exports; }\n"
        "NAPI_MODULE(NODE_GYP_MODULE_NAME, Init)\n"
    )
    (tmp_path / "package.json").write_text(
        '{"name": "hello", "version": "1.0.0", "gypfile": true, "scripts": {"install": "node-gyp rebuild"}}'
    )
    with SandboxRun(limits=BUILD_LIMITS) as run:
        run.copy_source(tmp_path)
        env = cache.attach(run, "node")
        built = run.run("npm install 2>&1 && node -e 'require(\"./build/Release/hello.node\")'", env=env)
    assert built.ok, built.stdout[-3000:]
