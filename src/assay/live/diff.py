"""After a session: its final files against the workspace it started from (the submitted commit's files, or
the starter's), file by file, as unified diffs. The lines are the candidate's text: templates escape them."""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field

from assay.live import documents
from assay.live.models import LiveSession, LiveUpdate

CONTEXT_LINES = 3
MAX_LINES = 2000  # per file; a longer diff is cut and says so


@dataclass
class FileChange:
    name: str
    status: str  # "added", "deleted" or "modified"
    lines: list[tuple[str, str]] = field(default_factory=list)  # (kind, text): hunk, added, removed, context
    cut: bool = False


def _files(updates: list[bytes]) -> dict[str, str]:
    return documents.files_of(documents.rebuild(updates))


def changes(session: LiveSession) -> list[FileChange]:
    """The files that differ between the session's first state and its last, in name order."""
    updates = [bytes(data) for data in LiveUpdate.objects.filter(session=session).values_list("data", flat=True)]
    before, after = _files(updates[:1]), _files(updates)
    found = []
    for name in sorted(set(before) | set(after)):
        if before.get(name) == after.get(name):
            continue
        status = "added" if name not in before else "deleted" if name not in after else "modified"
        found.append(_one(name, status, before.get(name, ""), after.get(name, "")))
    return found


def _one(name: str, status: str, old: str, new: str) -> FileChange:
    change = FileChange(name, status)
    diff = difflib.unified_diff(old.splitlines(), new.splitlines(), lineterm="", n=CONTEXT_LINES)
    for line in diff:
        if line.startswith(("---", "+++")):
            continue
        if len(change.lines) >= MAX_LINES:
            change.cut = True
            break
        kind = {"@": "hunk", "+": "added", "-": "removed"}.get(line[:1], "context")
        change.lines.append((kind, line if kind == "hunk" else line[1:]))
    return change
