"""Issues kept in memory: the tracker has no database, so a restart starts empty."""

import itertools
import threading
from typing import Any


class IssueStore:
    def __init__(self) -> None:
        self._issues: dict[int, dict[str, Any]] = {}
        self._ids = itertools.count(1)
        self._lock = threading.Lock()

    def create(self, fields: dict[str, Any]) -> dict[str, Any]:
        with self._lock:
            issue = {"id": next(self._ids), **fields}
            self._issues[issue["id"]] = issue
            return dict(issue)

    def get(self, issue_id: int) -> dict[str, Any] | None:
        issue = self._issues.get(issue_id)
        return dict(issue) if issue else None

    def update(self, issue_id: int, changes: dict[str, Any]) -> dict[str, Any] | None:
        with self._lock:
            issue = self._issues.get(issue_id)
            if issue is None:
                return None
            issue.update(changes)
            return dict(issue)

    def search(self, status: str | None, label: str | None, assignee: str | None) -> list[dict[str, Any]]:
        """Issues matching every filter given, oldest first."""
        with self._lock:
            issues = [dict(issue) for issue in self._issues.values()]
        return [
            issue
            for issue in issues
            if (status is None or issue["status"] == status)
            and (label is None or label in issue["labels"])
            and (assignee is None or issue["assignee"] == assignee)
        ]
