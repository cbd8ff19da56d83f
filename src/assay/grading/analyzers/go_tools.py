"""go vet (the toolchain's), staticcheck and gosec on the Go module of a submission.

They type-check the code, so they need its dependencies: they read the module cache the trusted prefetch
filled (never the network: GOPROXY=off), on a copy of the candidate's files. A module whose dependencies are not
in the cache yet (its first grading, while setup prefetches them) is reported as not analyzed by go vet and
staticcheck; gosec still reads what it can. No candidate code runs: cgo is off and nothing is generated.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from django.conf import settings

from assay.grading.analyzers import installed
from assay.grading.depcache import DependencyCache
from assay.grading.report import Finding, Severity

# staticcheck's correctness checks only (SA): its style checks would score taste, not faults.
STATICCHECK_CHECKS = "SA*"
# gosec rules with a rule of their own in the report; the rest are security.<id> at gosec's severity.
GOSEC_RULES: dict[str, tuple[str, Severity]] = {
    "G201": ("security.sql_injection", "high"),
    "G202": ("security.sql_injection", "high"),
    "G701": ("security.sql_injection", "high"),  # the same, found by taint analysis from a request
    "G702": ("security.command_injection", "high"),
    "G101": ("secrets.hardcoded", "high"),
    "G204": ("security.command_injection", "high"),
    # A server without timeouts, an unchecked error: worth a question, not a failed security check.
    "G112": ("security.G112", "low"),
    "G114": ("security.G114", "low"),
    "G104": ("security.G104", "low"),
}
_SEVERITY: dict[str, Severity] = {"LOW": "low", "MEDIUM": "medium", "HIGH": "high"}
_MISSING_MODULES = ("module lookup disabled", "cannot find module", "missing go.sum entry", "no required module")
_POSITION = re.compile(r"^(?P<file>.+?):(?P<line>\d+)(?::\d+)?$")
_REQUIRE = re.compile(rb"^\s*require\b", re.MULTILINE)
SKIPPED_DIRS = frozenset({"vendor", ".git", "node_modules"})
MAX_COPIED_FILES, MAX_COPIED_BYTES = 5000, 1024 * 1024


def _module_files(root: Path, files: list[Path]) -> list[Path]:
    """The module's files to copy for the tools: `//go:embed` needs its SQL, JSON and templates to type-check, so
    every regular file of the module goes (bounded in number and size), nothing when there is no Go code."""
    if not any(p.suffix == ".go" for p in files):
        return []
    found: list[Path] = []
    for path in sorted(root.rglob("*")):
        parts = path.relative_to(root).parts
        if len(found) >= MAX_COPIED_FILES or SKIPPED_DIRS.intersection(parts):
            continue
        if path.is_file() and not path.is_symlink() and path.stat().st_size <= MAX_COPIED_BYTES:
            found.append(path)
    return found


def _env() -> dict[str, str]:
    cache = Path(settings.ASSAY_CACHE_DIR)
    analysis = cache / "analysis"
    analysis.mkdir(parents=True, exist_ok=True)
    return {
        "GOMODCACHE": str(cache / "deps" / "go" / "mod"),
        "GOPROXY": "off",
        "GOSUMDB": "off",
        "GOFLAGS": "-mod=mod -buildvcs=false",
        "GOTOOLCHAIN": "local",
        "GOENV": "off",
        "CGO_ENABLED": "0",
        # The platform's own build cache for analysis: content-addressed, so a second analysis of the same
        # packages is quick; candidates never see it.
        "GOCACHE": str(analysis / "go-build"),
        "XDG_CACHE_HOME": str(analysis),
    }


def vet(root: Path, files: list[Path]) -> list[Finding]:
    module = _module_files(root, files)
    if not module or not (root / "go.mod").is_file():
        return []
    go = installed.require_command("go")
    _require_dependencies(root, "go vet")
    with installed.source_copy(root, module) as copy:
        result = installed.run([go, "vet", "-json", "./..."], cwd=copy, env=_env())
        output = result.stdout + result.stderr  # the JSON goes to stdout or stderr, by Go version
        _not_run_without_dependencies("go vet", output)
        findings = [
            _positioned(copy, f"lint.vet.{analyzer}", "medium", item, "go vet")
            for report in _json_objects(output)
            for analyzers in report.values()
            if isinstance(analyzers, dict)
            for analyzer, items in analyzers.items()
            for item in items
            if isinstance(item, dict)
        ]
        if result.returncode != 0 and not findings:
            findings += _type_errors(copy, result.stderr, "go vet")
        return findings


def staticcheck(root: Path, files: list[Path]) -> list[Finding]:
    module = _module_files(root, files)
    if not module or not (root / "go.mod").is_file():
        return []
    binary = installed.tool_path("go/bin/staticcheck")
    installed.require_command("go")  # staticcheck asks the toolchain to list the packages
    _require_dependencies(root, "staticcheck")
    with installed.source_copy(root, module) as copy:
        argv = [str(binary), "-f", "json", "-checks", STATICCHECK_CHECKS, "./..."]
        result = installed.run(argv, cwd=copy, env=_env())
        _not_run_without_dependencies("staticcheck", result.stdout + result.stderr)
        findings = []
        for item in _json_objects(result.stdout):
            code, location = str(item.get("code", "")), item.get("location") or {}
            rule = "lint.compile_error" if code == "compile" else f"lint.staticcheck.{code}"
            severity: Severity = "low" if code == "SA1019" else "medium"  # a deprecated API still works
            findings.append(_finding(copy, rule, severity, item.get("message", ""), location, "staticcheck"))
        return findings


def gosec(root: Path, files: list[Path]) -> list[Finding]:
    module = _module_files(root, files)
    if not module or not (root / "go.mod").is_file():
        return []
    binary = installed.tool_path("go/bin/gosec")
    installed.require_command("go")
    _require_dependencies(root, "gosec")
    with installed.source_copy(root, module) as copy:
        argv = [str(binary), "-fmt=json", "-no-fail", "-exclude-dir=vendor", "./..."]
        result = installed.run(argv, cwd=copy, env=_env())
        report = next(iter(_json_objects(result.stdout)), None)
        if report is None:
            raise RuntimeError(f"gosec produced no result (exit {result.returncode}): {result.stderr.strip()[-200:]}")
        return [_gosec_finding(copy, issue) for issue in report.get("Issues") or [] if isinstance(issue, dict)]


def _gosec_finding(copy: Path, issue: dict[str, Any]) -> Finding:
    rule_id = str(issue.get("rule_id", ""))
    rule, severity = GOSEC_RULES.get(rule_id, (f"security.{rule_id}", _SEVERITY.get(issue.get("severity", ""), "low")))
    if issue.get("confidence") == "LOW" and rule_id not in GOSEC_RULES:
        severity = "low"  # gosec itself doubts it
    line = str(issue.get("line", "")).split("-")[0]
    location = {"file": issue.get("file", ""), "line": int(line) if line.isdigit() else None}
    return _finding(copy, rule, severity, str(issue.get("details", "")), location, "gosec")


def _finding(copy: Path, rule: str, severity: Severity, message: Any, location: Any, tool: str) -> Finding:
    location = location if isinstance(location, dict) else {}
    line = location.get("line")
    skill = "security" if rule.startswith(("security.", "secrets.")) else "server_logic"
    return Finding(
        rule,
        skill,
        severity,
        str(message)[:300],
        path=installed.relative_to_copy(copy, str(location.get("file", ""))),
        line=line if isinstance(line, int) and line > 0 else None,
        tool=tool,
    )


def _positioned(copy: Path, rule: str, severity: Severity, item: dict[str, Any], tool: str) -> Finding:
    """A go vet diagnostic: its `posn` is `file:line:column`."""
    match = _POSITION.match(str(item.get("posn", "")))
    location = {"file": match["file"], "line": int(match["line"])} if match else {}
    return _finding(copy, rule, severity, item.get("message", ""), location, tool)


def _type_errors(copy: Path, stderr: str, tool: str) -> list[Finding]:
    """Code that does not compile: each `file:line:col: message` line the tool printed."""
    findings = []
    for text in stderr.splitlines():
        match = re.match(r"^(?:vet: )?(?P<pos>\S+\.go:\d+(?::\d+)?): (?P<message>.+)$", text.strip())
        if match:
            item = {"posn": match["pos"].removeprefix("./"), "message": match["message"]}
            findings.append(_positioned(copy, "lint.compile_error", "medium", item, tool))
    return findings[:20]


def _require_dependencies(root: Path, tool: str) -> None:
    """Run a tool on a module with dependencies only once the prefetch has put all of them in the cache.

    Go writes into the module cache (a directory and a lock file per module) even to find out that a module is
    missing, and the tools run as root: on a module the prefetch is still fetching, they would leave files the
    cache's own user cannot write, and the prefetch of that module would fail for good.
    """
    if not _REQUIRE.search((root / "go.mod").read_bytes()):
        return  # the standard library only: nothing of the module cache is read
    if not DependencyCache(Path(settings.ASSAY_CACHE_DIR) / "deps").complete(root, "go"):
        raise installed.NotRun(f"{tool}: the module's dependencies are not in the dependency cache yet")


def _not_run_without_dependencies(tool: str, output: str) -> None:
    if any(symptom in output for symptom in _MISSING_MODULES):
        raise installed.NotRun(f"{tool}: the module's dependencies are not in the dependency cache yet")


def _json_objects(text: str) -> list[dict[str, Any]]:
    """Every JSON object in a tool's output (go vet prints one per package, between `# package` lines)."""
    decoder, found, index = json.JSONDecoder(), [], 0
    while (index := text.find("{", index)) != -1:
        try:
            value, end = decoder.raw_decode(text, index)
        except json.JSONDecodeError:
            index += 1
            continue
        if isinstance(value, dict):
            found.append(value)
        index = end
    return found
