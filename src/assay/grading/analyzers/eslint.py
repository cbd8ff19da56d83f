"""eslint with eslint-plugin-security on the JavaScript and TypeScript of a submission.

Our own flat configuration (`tools/eslint/eslint.config.mjs`) with config lookup off: a candidate's
eslint.config.js is never loaded (loading it would run it), and inline disable comments are ignored.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from assay.grading.analyzers import installed
from assay.grading.report import Finding, Severity

SUFFIXES = (".js", ".mjs", ".cjs", ".ts")
# eslint rule -> (our rule, severity). Unlisted security/ rules are security.<name>, medium; other rules lint.
RULES: dict[str, tuple[str, Severity]] = {
    "no-eval": ("security.code_injection", "high"),
    "no-implied-eval": ("security.code_injection", "high"),
    "no-new-func": ("security.code_injection", "high"),
    "security/detect-eval-with-expression": ("security.code_injection", "high"),
    "security/detect-child-process": ("security.command_injection", "high"),
    "security/detect-non-literal-require": ("security.non_literal_require", "medium"),
    "security/detect-bidi-characters": ("security.bidi_characters", "high"),
    "security/detect-no-csrf-before-method-override": ("security.csrf_method_override", "medium"),
    "security/detect-disable-mustache-escape": ("security.unescaped_template", "medium"),
    "security/detect-buffer-noassert": ("security.buffer_noassert", "medium"),
    "security/detect-new-buffer": ("security.new_buffer", "medium"),
    # Often a path the code built itself, or a pattern from configuration: worth a look, not a failed check.
    "security/detect-non-literal-fs-filename": ("security.non_literal_fs_path", "low"),
    "security/detect-non-literal-regexp": ("security.non_literal_regexp", "low"),
    # A star-height heuristic: it flags ordinary validation patterns (an ISO date) as often as real ReDoS.
    "security/detect-unsafe-regex": ("security.unsafe_regex", "low"),
    "security/detect-possible-timing-attacks": ("security.timing_attack", "low"),
    "security/detect-pseudoRandomBytes": ("security.pseudo_random_bytes", "low"),
}


def scan(root: Path, files: list[Path]) -> list[Finding]:
    sources = [p for p in files if p.suffix in SUFFIXES and "node_modules" not in p.parts]
    if not sources:
        return []
    home = installed.tool_path("eslint")
    binary = installed.tool_path("eslint/node_modules/.bin/eslint")
    with installed.source_copy(root, sources) as copy:
        names = sorted(str(p.relative_to(copy)) for p in copy.rglob("*") if p.is_file())
        argv = [str(binary), "--no-config-lookup", "-c", str(home / "eslint.config.mjs"), "-f", "json", *names]
        result = installed.run(argv, cwd=copy)
        data = _results(result.stdout)
        if data is None:  # eslint prints a list even when all is clean: nothing at all is a failure of the tool
            raise RuntimeError(f"eslint produced no result: {result.stderr.strip()[:200]}")
        return [
            finding(installed.relative_to_copy(copy, f["filePath"]), m)
            for f in data
            for m in f["messages"]
            if m.get("ruleId") or m.get("fatal")  # a rule's message or a parse error, not a note about our config
        ]


def _results(stdout: str) -> list[dict[str, Any]] | None:
    try:
        data = json.loads(stdout or "null")
    except json.JSONDecodeError:
        return None
    return data if isinstance(data, list) else None


def finding(path: str, message: dict[str, Any]) -> Finding:
    rule_id = message.get("ruleId")
    rule: str
    severity: Severity
    if not rule_id:  # a parse error: the file is not valid JavaScript or TypeScript
        rule, severity = "lint.parse_error", "medium"
    elif rule_id in RULES:
        rule, severity = RULES[rule_id]
    elif rule_id.startswith("security/"):
        rule, severity = f"security.{rule_id.removeprefix('security/').replace('-', '_')}", "medium"
    else:
        rule, severity = f"lint.{rule_id}", "medium"
    skill = "security" if rule.startswith("security.") else "server_logic"
    text = str(message.get("message", ""))[:300]
    line = message.get("line")
    return Finding(rule, skill, severity, text, path=path, line=line if isinstance(line, int) else None, tool="eslint")
