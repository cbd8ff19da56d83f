"""PMD on the Java sources of a submission, with the platform's ruleset (`tools/pmd/ruleset.xml`).

PMD parses the sources; it does not compile or run them, so it needs neither the dependencies nor the build.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from assay.grading.analyzers import installed
from assay.grading.report import Finding, Severity

# PMD rule -> (our rule, severity). Unlisted rules of the Security ruleset are security.<Rule>, medium.
RULES: dict[str, tuple[str, Severity]] = {
    "HardCodedCryptoKey": ("secrets.hardcoded", "high"),
    "InsecureCryptoIv": ("security.InsecureCryptoIv", "medium"),
    "UseEqualsToCompareStrings": ("lint.UseEqualsToCompareStrings", "medium"),
    "ReturnFromFinallyBlock": ("lint.ReturnFromFinallyBlock", "medium"),
    "EqualsNull": ("lint.EqualsNull", "medium"),
    "BrokenNullCheck": ("lint.BrokenNullCheck", "medium"),
    "MisplacedNullCheck": ("lint.MisplacedNullCheck", "medium"),
    "OverrideBothEqualsAndHashcode": ("lint.OverrideBothEqualsAndHashcode", "medium"),
    "DoubleCheckedLocking": ("lint.DoubleCheckedLocking", "medium"),
}
# Everything else (an empty catch, an unclosed resource, a printed stack trace) is worth a question, not a failure.
OTHER_SEVERITY: Severity = "low"
# The JVM must fit beside the gradings on the worker; PMD on a service's sources needs far less.
JAVA_OPTIONS = "-Xmx512m -XX:+UseSerialGC -XX:TieredStopAtLevel=1"


def scan(root: Path, files: list[Path]) -> list[Finding]:
    sources = [p for p in files if p.suffix == ".java"]
    if not sources:
        return []
    lib = installed.tool_path("pmd/lib", "PMD")
    ruleset = installed.tool_path("pmd/ruleset.xml", "PMD")
    java = installed.require_command("java")
    with installed.source_copy(root, sources) as copy:
        argv = [java, *JAVA_OPTIONS.split(), "-cp", f"{lib}/*", "net.sourceforge.pmd.cli.PmdCli", "check"]
        argv += ["--no-cache", "--no-progress", "--no-fail-on-violation", "-f", "json", "-R", str(ruleset), "-d", "."]
        result = installed.run(argv, cwd=copy)
        report = _report(result.stdout)
        if report is None:
            raise RuntimeError(f"PMD produced no result: {result.stderr.strip()[-200:]}")
        findings = [
            _finding(installed.relative_to_copy(copy, str(entry.get("filename", ""))), violation)
            for entry in report.get("files") or []
            for violation in entry.get("violations") or []
        ]
        findings += [_parse_error(copy, error) for error in report.get("processingErrors") or []]
        return findings


def _report(stdout: str) -> dict[str, Any] | None:
    try:
        data = json.loads(stdout[stdout.find("{") :] if "{" in stdout else "null")
    except json.JSONDecodeError:
        return None
    return data if isinstance(data, dict) else None


def _finding(path: str, violation: dict[str, Any]) -> Finding:
    name = str(violation.get("rule", ""))
    default: Severity = "medium" if violation.get("ruleset") == "Security" else OTHER_SEVERITY
    prefix = "security" if violation.get("ruleset") == "Security" else "lint"
    rule, severity = RULES.get(name, (f"{prefix}.{name}", default))
    skill = "security" if rule.startswith(("security.", "secrets.")) else "server_logic"
    line = violation.get("beginline")
    message = str(violation.get("description", ""))[:300]
    return Finding(rule, skill, severity, message, path=path, line=line if isinstance(line, int) else None, tool="pmd")


def _parse_error(copy: Path, error: dict[str, Any]) -> Finding:
    path = installed.relative_to_copy(copy, str(error.get("filename", "")))
    message = str(error.get("message", "")).splitlines()[0][:300] if error.get("message") else "PMD could not parse it"
    return Finding("lint.parse_error", "server_logic", "medium", message, path=path, tool="pmd")
