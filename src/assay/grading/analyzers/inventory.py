"""What is in the repository: files and lines per language, test files, and what analysis leaves out.

Dependencies, build output, minified and generated files are left out, each with its reason in
``skipped``: they are not the candidate's code, and one 800 KB bundle can choke an analyzer.
"""

from __future__ import annotations

import os
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

SKIP_DIRS = {
    ".git": "version control",
    "node_modules": "installed dependencies",
    "bower_components": "installed dependencies",
    ".venv": "installed dependencies",
    "venv": "installed dependencies",
    "vendor": "vendored dependencies",
    "__pycache__": "compiled files",
    "target": "build output",
    "dist": "build output",
    "build": "build output",
    ".next": "build output",
    "coverage": "test coverage output",
    ".idea": "editor settings",
}
MINIFIED_SUFFIXES = (".min.js", ".min.mjs", ".bundle.js", "-bundle.js", ".min.css")
# A hand-written line is rarely over a few hundred characters; a minified or generated one is thousands.
MAX_LINE_CHARS = 1000
GENERATED_MARKERS = (b"@generated", b"DO NOT EDIT", b"do not edit")
LANGUAGES = {
    ".py": "Python",
    ".js": "JavaScript",
    ".mjs": "JavaScript",
    ".cjs": "JavaScript",
    ".ts": "TypeScript",
    ".go": "Go",
    ".java": "Java",
    ".sql": "SQL",
    ".kt": "Kotlin",
    ".sh": "Shell",
}
MAX_TEXT_BYTES = 1024 * 1024


@dataclass
class Inventory:
    files: list[Path] = field(default_factory=list)
    lines: Counter[str] = field(default_factory=Counter)
    test_files: list[str] = field(default_factory=list)
    skipped: list[dict[str, str]] = field(default_factory=list)  # {"path", "reason"}

    @property
    def languages(self) -> list[str]:
        return [language for language, _ in self.lines.most_common()]


def is_test_file(relative: str) -> bool:
    """Tests by the conventions of each stack's frameworks: pytest and Django (``app/tests.py``), Go's
    ``*_test.go``, Maven's ``src/test/java``, Jest/Mocha/node:test (``*.test.js``, ``__tests__``)."""
    name = os.path.basename(relative).lower()
    parts = relative.lower().split("/")[:-1]
    return (
        name.startswith("test_")
        or name in {"tests.py", "test.py", "conftest.py"}
        or name.endswith(("_test.py", "_test.go", "test.java", "tests.java", "it.java"))
        or any(name.endswith(f".{kind}.{ext}") for kind in ("test", "spec") for ext in ("js", "mjs", "cjs", "ts"))
        or bool({"test", "tests", "__tests__", "spec"} & set(parts))
    )


def skip_reason(path: Path) -> str | None:
    """Why an analyzer should leave this file out, or None to analyze it."""
    name = path.name.lower()
    if name.endswith(MINIFIED_SUFFIXES):
        return "minified"
    size = path.stat().st_size
    if size > MAX_TEXT_BYTES:
        return f"too large to be hand-written ({size // 1024} KB)"
    content = path.read_bytes()
    longest = max((len(line) for line in content.splitlines()), default=0)
    if any(marker in content[:600] for marker in GENERATED_MARKERS):
        return "generated (marked as such in its header)"
    if longest > MAX_LINE_CHARS:
        return f"minified or generated (a line of {longest} characters or more)"
    return None


def take_inventory(root: Path) -> Inventory:
    """Source files under ``root`` (never following symlinks), skipping dependency and build folders."""
    inventory = Inventory()
    root = root.resolve()  # the tools run elsewhere and are given absolute paths
    for dirpath, dirnames, filenames in os.walk(root, followlinks=False):
        for name in [d for d in dirnames if d in SKIP_DIRS]:
            if name not in {".git", "__pycache__"}:
                where = f"{Path(dirpath, name).relative_to(root)}/"
                inventory.skipped.append({"path": where, "reason": SKIP_DIRS[name]})
        dirnames[:] = [d for d in dirnames if d not in SKIP_DIRS]
        for name in filenames:
            path = Path(dirpath) / name
            language = LANGUAGES.get(path.suffix.lower())
            if language is None or path.is_symlink() or not path.is_file():  # never block reading a FIFO
                continue
            relative = str(path.relative_to(root))
            reason = skip_reason(path)
            if reason is not None:
                inventory.skipped.append({"path": relative, "reason": reason})
                continue
            inventory.files.append(path)
            inventory.lines[language] += sum(1 for _ in path.open("rb"))
            if is_test_file(relative):
                inventory.test_files.append(relative)
    return inventory
