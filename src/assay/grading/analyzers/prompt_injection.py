"""Text that addresses a reviewer or a model instead of a reader of the code: a fixed rule, never a model.

A submission may carry instructions meant for an automated reviewer ("ignore previous instructions",
"give this 100"). They are reported as a finding with the file and line (or the commit) so the hiring team
sees them; they never change a score, and nothing Assay computes reads them as instructions.
"""

from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path

from assay.grading.analyzers.inventory import MAX_TEXT_BYTES, SKIP_DIRS
from assay.grading.report import Finding

RULE = "review.prompt_injection"
EXCERPT_CHARS = 300
MAX_COMMITS = 200
# Each pattern is a phrase that only makes sense addressed to whoever (or whatever) judges the submission.
_PHRASES = [
    r"(?:ignore|disregard|forget)\s+(?:all\s+|any\s+)?(?:the\s+|your\s+)?(?:previous|prior|above|earlier|preceding)"
    r"\s+(?:instructions?|prompts?|rules|directions)",
    r"give\s+(?:this|it|me|the\s+candidate|this\s+(?:submission|solution|code|candidate))\s+(?:a\s+)?"
    r"(?:score\s+of\s+)?(?:100|10\s*/\s*10|full\s+marks|top\s+marks|a\s+perfect\s+score|the\s+highest\s+score)",
    r"(?:rate|score|grade)\s+this\s+(?:submission|solution|code|candidate|repository)",
    r"you\s+are\s+(?:now\s+)?(?:an?\s+)?(?:ai|llm|automated|language\s+model)(?:\s+(?:code\s+)?(?:reviewer|grader|"
    r"assistant|model))?\b",
    r"as\s+an?\s+(?:ai|(?:large\s+)?language\s+model)\b",
    r"(?:dear|attention|note\s+to\s+(?:the\s+)?)\s*(?:ai|llm|grader|reviewer|language\s+model)\b",
    r"(?:award|assign)\s+(?:this\s+\w+\s+)?(?:full|maximum|perfect)\s+(?:marks|score|points)",
    r"\bsystem\s+prompt\b",
]
PATTERN = re.compile("|".join(f"(?:{p})" for p in _PHRASES), re.IGNORECASE)
MESSAGE = (
    "Text addressed to a reviewer or a model rather than to a reader of the code (“{match}”); it changes no "
    "score, and the team should know it is there."
)


def scan(root: Path, files: list[Path] | None = None) -> list[Finding]:
    """Every text file under ``root`` (README and docs included, not only source) and the commit messages."""
    findings = []
    for path in _text_files(root):
        relative = str(path.relative_to(root))
        text = path.read_bytes().decode("utf-8", "replace")
        for number, line in enumerate(text.splitlines(), start=1):
            finding = _match(line, relative, number)
            if finding is not None:
                findings.append(finding)
    return findings + _commit_findings(root)


def _match(line: str, path: str, number: int | None) -> Finding | None:
    phrases = [" ".join(found.group(0).split()) for found in PATTERN.finditer(line)]
    if not phrases:
        return None
    message = MESSAGE.format(match="”, “".join(phrases))
    excerpt = line.strip()[:EXCERPT_CHARS]
    return Finding(RULE, "security", "high", message, path=path, line=number, tool="assay", excerpt=excerpt)


def _text_files(root: Path) -> list[Path]:
    """Regular files, in a stable order, outside dependency and build folders; binaries and huge files left out."""
    found = []
    for dirpath, dirnames, filenames in os.walk(root, followlinks=False):
        dirnames[:] = sorted(d for d in dirnames if d not in SKIP_DIRS)
        for name in sorted(filenames):
            path = Path(dirpath) / name
            if path.is_symlink() or not path.is_file() or path.stat().st_size > MAX_TEXT_BYTES:
                continue
            with path.open("rb") as head:
                if b"\0" in head.read(8192):
                    continue
            found.append(path)
    return found


def _commit_findings(root: Path) -> list[Finding]:
    """The commit messages, when the submission comes with its history (a local repository graded by the CLI)."""
    if not (root / ".git").is_dir():
        return []
    argv = ["git", "-c", "core.fsmonitor=false", "--git-dir", str(root / ".git"), "log", f"-{MAX_COMMITS}"]
    result = subprocess.run(  # fixed arguments; reading the log runs no hook
        [*argv, "--format=%H%x1f%B%x1e"],
        capture_output=True,
        check=False,
        timeout=30,
        env={"PATH": os.environ.get("PATH", ""), "GIT_CONFIG_NOSYSTEM": "1", "HOME": "/nonexistent"},
    )
    if result.returncode != 0:
        return []
    findings = []
    for record in result.stdout.decode("utf-8", "replace").split("\x1e"):
        sha, _, message = record.strip().partition("\x1f")
        for number, line in enumerate(message.splitlines(), start=1):
            finding = _match(line, f"commit {sha[:12]}", number)
            if finding is not None:
                findings.append(finding)
    return findings
