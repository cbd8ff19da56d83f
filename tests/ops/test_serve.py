"""The `assay serve` and `assay worker` commands, run as an operator runs them."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from tests.ops.serving import ASSAY, assay_serve, clean_env


@pytest.mark.parametrize(("command", "option"), [("serve", "--no-worker"), ("worker", "--concurrency")])
def test_commands_explain_themselves(tmp_path: Path, command: str, option: str) -> None:
    result = subprocess.run(
        [ASSAY, command, "--help"], env=clean_env(tmp_path), capture_output=True, text=True, timeout=60
    )

    assert result.returncode == 0, result.stderr
    assert option in result.stdout


def test_serve_answers_health_and_becomes_ready_with_its_embedded_worker(tmp_path: Path) -> None:
    with assay_serve(tmp_path, "--no-demo") as server:
        ready = server.wait_for("/readyz", 200)

        assert ready.json()["status"] == "ready"
        assert "Demo owner account" not in server.output()
    assert (tmp_path / "assay.sqlite3").exists()


def test_serve_without_worker_is_not_ready(tmp_path: Path) -> None:
    with assay_serve(tmp_path, "--no-demo", "--no-worker") as server:
        server.wait_for("/healthz", 200)
        not_ready = server.wait_for("/readyz", 503)

        assert "worker" in not_ready.json()["problems"]


def test_serve_starts_even_when_a_library_package_is_broken(tmp_path: Path) -> None:
    library = tmp_path / "library"
    (library / "half-written").mkdir(parents=True)  # no challenge.toml

    with assay_serve(tmp_path / "var", "--no-demo", ASSAY_LIBRARY_DIR=str(library)) as server:
        server.wait_for("/healthz", 200)

        assert "half-written" in server.output()
