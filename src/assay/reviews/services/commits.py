"""The commit timeline of a candidate's repository: from the starter commit to the submitted one."""

from __future__ import annotations

from typing import Any

from assay.assessments.models import Candidate
from assay.repos import git
from assay.repos.services import git_dir
from assay.submissions.models import Submission

MAX_COMMITS = 500
RECORD, UNIT = "\x1e", "\x1f"


def timeline(submission: Submission) -> list[dict[str, Any]]:
    """Every commit up to the submitted one, oldest first: minutes since the start, message, author, lines."""
    candidate = Candidate.objects.filter(submission=submission).select_related("repository").first()
    if candidate is None or candidate.repository is None or not submission.commit:
        return []
    fmt = f"--format={RECORD}%H{UNIT}%at{UNIT}%an{UNIT}%s"
    result = git.git(
        git_dir(candidate.repository),
        "log",
        "--reverse",
        f"-{MAX_COMMITS}",
        fmt,
        "--numstat",
        submission.commit,
        check=False,
    )
    if result.returncode != 0:
        return []
    started = candidate.started_at.timestamp() if candidate.started_at else None
    commits = [_parse(chunk) for chunk in result.stdout.decode("utf-8", "replace").split(RECORD) if chunk.strip()]
    origin = started if started is not None else (commits[0]["at"] if commits else 0)
    for commit in commits:
        commit["minutes"] = max(0.0, (commit["at"] - origin) / 60)
    return commits


def _parse(chunk: str) -> dict[str, Any]:
    header, _, stats = chunk.partition("\n")
    sha, at, author, message = [*header.split(UNIT), "", "", "", ""][:4]
    added = removed = 0
    for line in stats.splitlines():
        parts = line.split("\t")
        if len(parts) == 3:
            added += int(parts[0]) if parts[0].isdigit() else 0
            removed += int(parts[1]) if parts[1].isdigit() else 0
    return {"sha": sha, "at": int(at or 0), "author": author, "message": message, "added": added, "removed": removed}
