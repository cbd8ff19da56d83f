"""Credentials committed to the repository."""

from __future__ import annotations

import re
from pathlib import Path

from assay import stacks
from assay.grading.analyzers.inventory import is_test_file
from assay.grading.report import Finding

GENERIC = "a hard-coded secret"
# Each pattern matches a secret's shape, not a placeholder: a committed real key is what a reviewer must see.
PATTERNS = {
    "an AWS access key": re.compile(rb"\b(AKIA|ASIA)[0-9A-Z]{16}\b"),
    "a private key": re.compile(rb"-----BEGIN (RSA |EC |OPENSSH |DSA )?PRIVATE KEY-----"),
    "a GitHub token": re.compile(rb"\bgh[pousr]_[A-Za-z0-9]{36,}\b"),
    "a Slack token": re.compile(rb"\bxox[abprs]-[A-Za-z0-9-]{10,}\b"),
    "a Stripe secret key": re.compile(rb"\bsk_live_[A-Za-z0-9]{20,}\b"),
    # A name that says secret (also inside JWT_SECRET, jwtSecret, SIGNING_KEY), then = := or :, then a long literal
    # (Python's b"...", Go's []byte("...") too).
    GENERIC: re.compile(
        rb"""(?i)\b\w*(secret|password|passwd|api_?key|token|signing_?key|private_?key|access_?key)\w*["']?"""
        rb"""\s*(?::=|[:=])\s*(?:b|\[\]byte\()?["'`]([A-Za-z0-9+/_\-]{24,})["'`]"""
    ),
}
# Every stack's source files (the stack registry) and the configuration files secrets hide in.
SCANNED_SUFFIXES = {
    *stacks.source_suffixes(),
    ".json",
    ".yml",
    ".yaml",
    ".toml",
    ".env",
    ".properties",
    ".cfg",
    ".ini",
    ".txt",
}


def scan(root: Path, files: list[Path]) -> list[Finding]:
    findings = []
    candidates = list(files) + [
        p for p in root.glob("*") if p.suffix in {".env", ".properties", ".ini"} or p.name == ".env"
    ]
    for path in dict.fromkeys(candidates):
        if (path.suffix not in SCANNED_SUFFIXES and path.name != ".env") or path.is_symlink() or not path.is_file():
            continue
        relative = str(path.relative_to(root))
        for number, line in enumerate(path.read_bytes().splitlines(), start=1):
            for what, pattern in PATTERNS.items():
                # A test's made-up password is not a leaked secret; a real key's shape is, wherever it is.
                if what == GENERIC and is_test_file(relative):
                    continue
                match = pattern.search(line)
                if match:
                    findings.append(_finding(what, relative, number, line, match))
                    break
    return findings


def _finding(what: str, relative: str, number: int, line: bytes, match: re.Match[bytes]) -> Finding:
    # The excerpt shows where, never the secret itself: reports are read by many.
    shown = (line[: match.start()] + b"[redacted]" + line[match.end() :]).decode("utf-8", "replace").strip()
    return Finding(
        "secrets.hardcoded",
        "security",
        "critical",
        f"Looks like {what} committed to the repository; secrets belong in the environment.",
        path=relative,
        line=number,
        tool="assay-secrets",
        excerpt=shown[:300],
    )
