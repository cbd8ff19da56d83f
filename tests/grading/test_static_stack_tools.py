"""The stacks' own analyzers (eslint, go vet, staticcheck, gosec, PMD) find a known fault in a tiny candidate project,
raise no medium or worse finding on clean code, never run the candidate's configuration, and a machine without a
tool says it was not run instead of failing the grading."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from assay.grading.analyzers import go_tools, installed
from assay.grading.report import Finding
from assay.grading.stages.static import Analysis, analyze

CHALLENGES = Path(__file__).parents[2] / "challenges"

NODE_FLAWED = """const { exec } = require("child_process");
function listFiles(req, res) {
  /* eslint-disable */
  exec("ls " + req.query.dir, (error, out) => res.send(out));
}
module.exports = { listFiles };
"""
# Loading a candidate's eslint.config.js would run it: this one would leave a file behind.
NODE_CONFIG = 'require("fs").writeFileSync(__dirname + "/config-was-run", "x");\nmodule.exports = [];\n'
GO_MOD = "module example.com/rooms\n\ngo 1.22\n"
GO_FLAWED = """package main

import (
	"database/sql"
	"fmt"
	"net/http"
)

func search(db *sql.DB, w http.ResponseWriter, r *http.Request) {
	rows, err := db.Query(fmt.Sprintf("SELECT id FROM rooms WHERE name = '%s'", r.URL.Query().Get("name")))
	if err != nil {
		fmt.Fprintf(w, "error %d", err.Error())
		return
	}
	defer rows.Close()
}

func main() {}
"""
GO_CLEAN = """package main

import (
	"database/sql"
	"net/http"
)

func search(db *sql.DB, w http.ResponseWriter, r *http.Request) {
	rows, err := db.Query("SELECT id FROM rooms WHERE name = $1", r.URL.Query().Get("name"))
	if err != nil {
		http.Error(w, "search failed", http.StatusInternalServerError)
		return
	}
	defer rows.Close()
}

func main() {}
"""
JAVA_FLAWED = """package rooms;

import javax.crypto.spec.SecretKeySpec;

public class Tokens {
    public SecretKeySpec key() {
        return new SecretKeySpec("hardcodedkey1234".getBytes(), "AES");
    }

    public boolean isAdmin(String role) {
        return role == "admin";
    }
}
"""


def _write(root: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text)
    return root


def _by(analysis: Analysis, tool: str) -> list[Finding]:
    return [f for f in analysis.findings if f.tool == tool]


def _serious(analysis: Analysis, tools: set[str]) -> list[str]:
    return [
        f"{f.tool} {f.rule} {f.path}:{f.line} {f.message}"
        for f in analysis.findings
        if f.tool in tools and f.severity in ("medium", "high", "critical")
    ]


def _needs(command: str) -> None:
    if shutil.which(command) is None:
        pytest.skip(f"{command} is not installed on this machine")


def test_eslint_finds_a_shell_command_built_from_a_request_and_never_runs_the_candidates_config(
    tmp_path: Path,
) -> None:
    root = _write(tmp_path, {"src/files.js": NODE_FLAWED, "eslint.config.js": NODE_CONFIG})
    analysis = analyze(root)
    found = next(f for f in _by(analysis, "eslint") if f.rule == "security.command_injection")
    assert (found.severity, found.path, found.line) == ("high", "src/files.js", 4)
    assert found.excerpt.startswith('exec("ls " + req.query.dir')
    assert not (root / "config-was-run").exists()
    assert sorted(p.name for p in root.rglob("*")) == ["eslint.config.js", "files.js", "src"]


def test_eslint_raises_nothing_serious_on_the_bookings_node_reference() -> None:
    analysis = analyze(CHALLENGES / "bookings-api" / "solutions" / "node")
    assert "eslint" not in analysis.not_run and "eslint" not in analysis.crashed
    assert _serious(analysis, {"eslint"}) == []


def test_go_tools_find_sql_built_with_sprintf_and_a_wrong_format_verb(tmp_path: Path) -> None:
    _needs("go")
    root = _write(tmp_path, {"go.mod": GO_MOD, "main.go": GO_FLAWED})
    analysis = analyze(root)
    assert analysis.not_run == {} and analysis.crashed == {}
    # semgrep finds it too and its finding stands for both in the report; gosec's own, as it reports it:
    injection = next(f for f in go_tools.gosec(root, [root / "main.go"]) if f.rule == "security.sql_injection")
    assert (injection.severity, injection.path, injection.line) == ("high", "main.go", 10)
    vet = next(f for f in _by(analysis, "go vet") if f.rule == "lint.vet.printf")
    assert (vet.severity, vet.path, vet.line) == ("medium", "main.go", 12) and "%d" in vet.message


def test_go_tools_raise_nothing_serious_on_clean_code(tmp_path: Path) -> None:
    _needs("go")
    root = _write(tmp_path, {"go.mod": GO_MOD, "main.go": GO_CLEAN})
    analysis = analyze(root)
    assert analysis.not_run == {} and analysis.crashed == {}
    assert _serious(analysis, {"go vet", "staticcheck", "gosec"}) == []


def test_pmd_finds_a_hard_coded_key_and_strings_compared_by_reference(tmp_path: Path) -> None:
    _needs("java")
    root = _write(tmp_path, {"src/main/java/rooms/Tokens.java": JAVA_FLAWED})
    analysis = analyze(root)
    rules = {(f.rule, f.line) for f in _by(analysis, "pmd")}
    assert {("secrets.hardcoded", 7), ("lint.UseEqualsToCompareStrings", 11)} <= rules


def test_pmd_raises_nothing_serious_on_the_bookings_java_reference() -> None:
    _needs("java")
    analysis = analyze(CHALLENGES / "bookings-api" / "solutions" / "java")
    assert "pmd" not in analysis.not_run and "pmd" not in analysis.crashed
    assert _serious(analysis, {"pmd"}) == []


def test_a_machine_without_the_tools_reports_them_as_not_run_and_still_analyzes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(installed, "TOOLS_DIR", tmp_path / "no-tools")
    root = _write(tmp_path / "repo", {"src/files.js": NODE_FLAWED, "Tokens.java": JAVA_FLAWED})
    analysis = analyze(root)
    assert analysis.not_run["eslint"].startswith("eslint not installed")
    if shutil.which("java"):
        assert analysis.not_run["pmd"].startswith("PMD not installed")
    assert analysis.crashed == {}
    assert analysis.data["analyzers_not_run"] == analysis.not_run
    assert any(f.tool == "semgrep" for f in analysis.findings)
