"""The file tree of a snapshot as rows a template can print: depth, name, key, kind, comment count."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from assay.reviews.services.snapshot import Entry, display_name

MAX_ROWS = 2000  # a larger snapshot lists its first rows and says how many more there are


@dataclass(frozen=True)
class TreeRow:
    depth: int
    name: str
    key: str
    kind: str
    comments: int = 0
    target: str = ""


def rows(entries: list[Entry], counts: Counter[str]) -> tuple[list[TreeRow], int]:
    """The rows to show (folders implied by a path are listed once), and how many were left out."""
    found: list[TreeRow] = []
    folders: set[str] = set()
    for entry in entries:
        parts = entry.name.split("/")
        for depth in range(len(parts) - 1):
            folder = "/".join(parts[: depth + 1])
            if folder not in folders:
                folders.add(folder)
                found.append(TreeRow(depth, display_name(parts[depth]), "", "dir"))
        if entry.kind == "dir":
            if entry.name not in folders:
                folders.add(entry.name)
                found.append(TreeRow(len(parts) - 1, display_name(parts[-1]), "", "dir"))
            continue
        target = display_name(entry.target) if entry.kind == "symlink" else ""
        found.append(TreeRow(len(parts) - 1, display_name(parts[-1]), entry.key, entry.kind, counts[entry.key], target))
    return found[:MAX_ROWS], max(0, len(found) - MAX_ROWS)
