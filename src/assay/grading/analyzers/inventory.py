"""What is in the repository: files and lines per language, and how many test files."""

from __future__ import annotations

import os
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

SKIP_DIRS = {".git", "node_modules", ".venv", "venv", "__pycache__", "target", "dist", "build", "vendor", ".idea"}
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

    @property
    def languages(self) -> list[str]:
        return [language for language, _ in self.lines.most_common()]


def is_test_file(relative: str) -> bool:
    name = os.path.basename(relative).lower()
    parts = relative.lower().split("/")
    return (
        name.startswith("test_")
        or name.endswith(("_test.py", "_test.go", ".test.js", ".spec.js", ".test.ts", "test.java"))
        or "test" in parts
        or "tests" in parts
        or "__tests__" in parts
    )


def take_inventory(root: Path) -> Inventory:
    """Source files under ``root`` (never following symlinks), skipping dependency and build folders."""
    inventory = Inventory()
    root = root.resolve()  # the tools run elsewhere and are given absolute paths
    for dirpath, dirnames, filenames in os.walk(root, followlinks=False):
        dirnames[:] = [d for d in dirnames if d not in SKIP_DIRS]
        for name in filenames:
            path = Path(dirpath) / name
            language = LANGUAGES.get(path.suffix.lower())
            if language is None or path.is_symlink() or path.stat().st_size > MAX_TEXT_BYTES:
                continue
            relative = str(path.relative_to(root))
            inventory.files.append(path)
            inventory.lines[language] += sum(1 for _ in path.open("rb"))
            if is_test_file(relative):
                inventory.test_files.append(relative)
    return inventory
