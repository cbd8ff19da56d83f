"""What the candidate changed: the submitted snapshot against the starter, file by file."""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field

from assay.reviews.services import snapshot
from assay.submissions.models import Submission

CONTEXT_LINES = 3
MAX_DIFF_LINES = 2000  # per file; a longer diff is cut and says so
MAX_LINE_CHARS = 1000  # a long line is cut in the diff (the file view shows more)
MAX_FILES = 300  # files diffed on one page; further changed files are listed by name
MAX_LISTED = 1000  # further changed files listed by name; the file tree has the rest
MAX_PAGE_LINES = 2500  # diff lines on one page; past it a file shows its counts and a link to it


@dataclass
class DiffLine:
    kind: str  # "context", "added", "removed" or "hunk"
    text: str
    old: int | None = None
    new: int | None = None


@dataclass
class FileDiff:
    key: str
    display: str
    status: str  # "added", "modified", "deleted"
    note: str = ""  # why no lines are shown (binary, too large, a link), or that the diff was cut
    lines: list[DiffLine] = field(default_factory=list)
    added: int = 0
    removed: int = 0


def changes(submission: Submission) -> tuple[list[FileDiff], list[FileDiff]]:
    """The files that differ from the starter, in name order: the first MAX_FILES with their lines, and
    the rest (a huge snapshot) by name and status only. Unchanged files are left out."""
    starter = snapshot.starter_files(submission)
    submitted = {e.key: e for e in snapshot.entries(submission) if e.kind != "dir"}
    wanted = {key for key, e in submitted.items() if e.kind == "file" and e.size <= snapshot.MAX_TEXT_BYTES}
    data = snapshot.read_many(submission, {submitted[key].name for key in wanted})
    shown: list[FileDiff] = []
    rest: list[FileDiff] = []
    budget = MAX_PAGE_LINES
    for key in sorted(set(starter) | set(submitted)):
        old = starter[key].read_bytes() if key in starter else None
        entry = submitted.get(key)
        new = data.get(entry.name) if entry else None
        if len(shown) < MAX_FILES:
            for found in _one(key, old, entry, new, budget):
                budget = _within(found, budget)
                shown.append(found)
        elif old != new or entry is None or entry.kind != "file":
            display = entry.display if entry else snapshot.display_name(key)
            rest.append(FileDiff(key, display, "deleted" if entry is None else "added" if old is None else "modified"))
    return shown, rest


def _within(found: FileDiff, budget: int) -> int:
    """Keep the file's lines if the page still has room for them; what is left of the room."""
    if len(found.lines) <= budget:
        return budget - len(found.lines)
    found.lines = []
    found.note = found.note or "Not shown here: this page already holds many changes. Open the file to read it."
    return 0


def _one(
    key: str, old: bytes | None, entry: snapshot.Entry | None, new: bytes | None, room: int = MAX_PAGE_LINES
) -> list[FileDiff]:
    display = entry.display if entry else snapshot.display_name(key)
    if entry is None:
        return [_text_diff(key, display, "deleted", old or b"", b"", room)]
    if entry.kind == "symlink":
        return [FileDiff(key, display, "added" if old is None else "modified", f"A link to {entry.target}.")]
    if new is None:
        return [FileDiff(key, display, "added" if old is None else "modified", "Too large to compare.")]
    if old == new:
        return []
    return [_text_diff(key, display, "added" if old is None else "modified", old or b"", new, room)]


def _text_diff(key: str, display: str, status: str, old: bytes, new: bytes, room: int) -> FileDiff:
    result = FileDiff(key, display, status)
    old_text, old_reason = snapshot.as_text(old)
    new_text, new_reason = snapshot.as_text(new)
    if old_text is None or new_text is None:
        result.note = new_reason or old_reason
        return result
    old_lines, new_lines = old_text.splitlines(), new_text.splitlines()
    if not old_lines or not new_lines:
        return _whole(result, old_lines, new_lines, room)
    matcher = difflib.SequenceMatcher(None, old_lines, new_lines, autojunk=False)
    for group in matcher.get_grouped_opcodes(CONTEXT_LINES):
        _hunk(result, group, old_lines, new_lines)
        if len(result.lines) > MAX_DIFF_LINES:
            result.lines = result.lines[:MAX_DIFF_LINES]
            result.note = f"The diff is cut after {MAX_DIFF_LINES} lines; the file view shows the whole file."
            break
    return result


def _whole(result: FileDiff, old: list[str], new: list[str], room: int) -> FileDiff:
    """A file added or emptied: every line is a change, no matching needed (most of a big submission)."""
    kind, lines = ("added", new) if new else ("removed", old)
    result.added, result.removed = len(new), len(old)
    if len(lines) + 1 > room:
        result.note = "Not shown here: this page already holds many changes. Open the file to read it."
        return result
    result.lines = [DiffLine("hunk", f"@@ -{min(1, len(old))},{len(old)} +{min(1, len(new))},{len(new)} @@")]
    numbered = [(n, text) for n, text in enumerate(lines[:MAX_DIFF_LINES], start=1)]
    if kind == "added":
        result.lines += [DiffLine(kind, _cut(text), new=n) for n, text in numbered]
    else:
        result.lines += [DiffLine(kind, _cut(text), old=n) for n, text in numbered]
    if len(lines) > MAX_DIFF_LINES:
        result.note = f"The diff is cut after {MAX_DIFF_LINES} lines; the file view shows the whole file."
    return result


def _cut(text: str) -> str:
    return text if len(text) <= MAX_LINE_CHARS else text[:MAX_LINE_CHARS] + f" … [{len(text)} characters]"


def _hunk(result: FileDiff, group: list[tuple[str, int, int, int, int]], old: list[str], new: list[str]) -> None:
    first, last = group[0], group[-1]
    header = f"@@ -{first[1] + 1},{last[2] - first[1]} +{first[3] + 1},{last[4] - first[3]} @@"
    result.lines.append(DiffLine("hunk", header))
    for tag, i1, i2, j1, j2 in group:
        if tag == "equal":
            result.lines += [DiffLine("context", _cut(old[i]), i + 1, j1 + n + 1) for n, i in enumerate(range(i1, i2))]
            continue
        if tag in ("replace", "delete"):
            result.lines += [DiffLine("removed", _cut(old[i]), old=i + 1) for i in range(i1, i2)]
            result.removed += i2 - i1
        if tag in ("replace", "insert"):
            result.lines += [DiffLine("added", _cut(new[j]), new=j + 1) for j in range(j1, j2)]
            result.added += j2 - j1
