"""The stack registry: every language Assay offers, and what the rest of Assay learns from it."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from assay import stacks
from assay.challenges.forms import label
from assay.challenges.package import STACKS


def test_hiring_teams_are_offered_four_languages_and_sql() -> None:
    assert stacks.names() == ("python", "node", "go", "java", "sql")
    assert stacks.names() == STACKS  # the package format accepts exactly the registry's stacks
    assert [label(name) for name in stacks.names()] == ["Python", "Node.js", "Go", "Java", "SQL"]


@pytest.mark.parametrize("name", stacks.names())
def test_every_stack_has_a_usable_starter_config(name: str) -> None:
    config = tomllib.loads(stacks.registry()[name].starter_config)
    assert set(config) <= {"setup", "start", "test", "services", "healthcheck"}
    assert config.get("test")


@pytest.mark.parametrize(
    ("files", "expected"),
    [
        (["requirements.txt"], "python"),
        (["package.json", "package-lock.json"], "node"),
        (["go.mod"], "go"),
        (["pom.xml"], "java"),
        (["README.md"], None),
    ],
)
def test_a_repository_is_recognised_by_its_files(tmp_path: Path, files: list[str], expected: str | None) -> None:
    for name in files:
        (tmp_path / name).write_text("")
    found = stacks.identify(tmp_path)
    assert (found.name if found else None) == expected


def test_the_code_analyzers_read_every_stacks_sources() -> None:
    assert {".py", ".js", ".go", ".java"} <= set(stacks.source_suffixes())


@pytest.mark.parametrize(
    ("stack", "log", "expected"),
    [
        ("python", "ERROR: No matching distribution found for fastapi==99", "does not exist"),
        ("node", "npm error code ENOTCACHED", "package-lock.json"),
        ("go", "go: github.com/x/y@v1.0.0: replacement directory ../y does not exist", "outside the repository"),
        ("java", "[ERROR] Cannot access central (https://repo...) in offline mode", "offline"),
        ("java", "all fine", ""),
    ],
)
def test_a_failed_setup_says_what_the_candidate_can_do(stack: str, log: str, expected: str) -> None:
    advice = stacks.registry()[stack].advice(log)
    assert expected in advice and (advice == "") == (expected == "")


def test_jvm_heaps_fit_the_memory_limit() -> None:
    flags = stacks.registry()["java"].runtime_env(1024)["JAVA_TOOL_OPTIONS"]
    heap = int(flags.split("-Xmx", 1)[1].split("m", 1)[0])
    assert 2 * heap < 1024  # Maven and the test JVM it forks, side by side
    assert "ExitOnOutOfMemoryError" in flags
