"""Credentials committed to the repository."""

from __future__ import annotations

import re
from pathlib import Path

from assay.grading.report import Finding

# Each pattern matches a secret's shape, not a placeholder: a committed real key is what a reviewer must see.
PATTERNS = {
    "an AWS access key": re.compile(rb"\b(AKIA|ASIA)[0-9A-Z]{16}\b"),
    "a private key": re.compile(rb"-----BEGIN (RSA |EC |OPENSSH |DSA )?PRIVATE KEY-----"),
    "a GitHub token": re.compile(rb"\bgh[pousr]_[A-Za-z0-9]{36,}\b"),
    "a Slack token": re.compile(rb"\bxox[abprs]-[A-Za-z0-9-]{10,}\b"),
    "a Stripe secret key": re.compile(rb"\bsk_live_[A-Za-z0-9]{20,}\b"),
    "a hard-coded secret": re.compile(
        rb"""(?i)\b(secret|password|passwd|api_?key|token)\w*\s*[:=]\s*["']([A-Za-z0-9+/_\-]{24,})["']"""
    ),
}
SCANNED_SUFFIXES = {
    ".py",
    ".js",
    ".mjs",
    ".ts",
    ".go",
    ".java",
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
        for number, line in enumerate(path.read_bytes().splitlines(), start=1):
            for what, pattern in PATTERNS.items():
                if pattern.search(line):
                    findings.append(
                        Finding(
                            "secrets.hardcoded",
                            "security",
                            "high",
                            f"Looks like {what} committed to the repository; secrets belong in the environment.",
                            path=str(path.relative_to(root)),
                            line=number,
                            tool="assay-secrets",
                        )
                    )
                    break
    return findings
