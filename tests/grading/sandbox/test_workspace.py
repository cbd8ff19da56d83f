"""Copying a submission into the workspace never follows links out of it."""

from __future__ import annotations

import os
from pathlib import Path

from assay.grading.sandbox import SandboxRun


def test_symlinks_pointing_outside_are_skipped_and_reported(run: SandboxRun, tmp_path: Path) -> None:
    src = tmp_path / "submission"
    (src / "app").mkdir(parents=True)
    (src / "app" / "main.py").write_text("print('hi')\n")
    (src / "shadow").symlink_to("/etc/shadow")
    (src / "escape").symlink_to("../../../../etc/passwd")
    (src / "loop").symlink_to(".")
    (src / "sneaky").symlink_to("loop/loop/../..")
    (src / "inside").symlink_to("app/main.py")
    report = run.copy_source(src)
    assert report.copied_files == 1
    assert sorted(name for name, _ in report.skipped) == ["escape", "shadow", "sneaky"]
    assert all(reason == "symlink pointing outside the submission" for _, reason in report.skipped)
    result = run.run("cat inside; ls -A")
    assert result.stdout.split("\n")[0] == "print('hi')"
    assert sorted(result.stdout.split()[1:]) == ["app", "inside", "loop"]


def test_non_utf8_file_names_survive(run: SandboxRun, tmp_path: Path) -> None:
    src = tmp_path / "submission"
    src.mkdir()
    name = b"caf\xe9-\xff.txt"
    with open(os.path.join(os.fsencode(src), name), "wb") as handle:
        handle.write(b"latin-1 name")
    run.copy_source(src)
    result = run.run("cat ./caf*; ls")
    assert result.ok
    assert result.stdout.startswith("latin-1 name")
    assert "caf\ufffd-\ufffd.txt" in result.stdout  # shown leniently, never a crash
    assert os.listdir(os.fsencode(run.workspace)) == [name]


def test_workspace_persists_between_stages(run: SandboxRun) -> None:
    assert run.run("echo built > artifact").ok
    assert run.run("cat artifact").stdout == "built\n"
