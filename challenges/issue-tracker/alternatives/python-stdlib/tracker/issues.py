"""Issues and their rules; kept in memory behind one lock."""

import re
import threading
from dataclasses import asdict, dataclass, field

STATUSES = {"open": "Open", "in_progress": "In progress", "closed": "Closed"}
LABEL = re.compile(r"[a-z0-9][a-z0-9-]{0,29}")


class RuleBroken(Exception):
    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__(errors)
        self.errors = errors


@dataclass
class Issue:
    id: int
    title: str
    description: str = ""
    status: str = "open"
    labels: list[str] = field(default_factory=list)
    assignee: str | None = None

    def as_json(self) -> dict:
        return asdict(self)


def _check(name: str, value: object) -> object:
    """The cleaned value of one field, or a ValueError with the message for the page."""
    if name == "title":
        if not isinstance(value, str) or not 1 <= len(value.strip()) <= 120:
            raise ValueError("A title is 1 to 120 characters (spaces around it do not count).")
        return value.strip()
    if name == "description":
        if not isinstance(value, str) or len(value) > 2000:
            raise ValueError("A description is text of at most 2000 characters.")
        return value
    if name == "status":
        if value not in STATUSES:
            raise ValueError("Status must be open, in_progress or closed.")
        return value
    if name == "labels":
        if not isinstance(value, list) or len(value) > 10:
            raise ValueError("Labels are a list of at most 10.")
        if not all(isinstance(v, str) and LABEL.fullmatch(v) for v in value):
            raise ValueError("Each label is 1 to 30 lower-case letters, digits or '-'.")
        return list(dict.fromkeys(value))
    if value is not None and (not isinstance(value, str) or not 1 <= len(value.strip()) <= 50):
        raise ValueError("An assignee is a name of 1 to 50 characters, or null.")
    return value.strip() if isinstance(value, str) else None


def checked(body: object, required: tuple[str, ...]) -> dict:
    if not isinstance(body, dict):
        raise RuleBroken({"body": "Expected a JSON object."})
    names = [n for n in ("title", "description", "status", "labels", "assignee") if n in body or n in required]
    values, errors = {}, {}
    for name in names:
        try:
            values[name] = _check(name, body.get(name))
        except ValueError as exc:
            errors[name] = str(exc)
    if errors:
        raise RuleBroken(errors)
    return values


class Tracker:
    def __init__(self) -> None:
        self._issues: list[Issue] = []
        self._lock = threading.Lock()

    def add(self, body: object) -> Issue:
        values = checked(body, required=("title",))
        with self._lock:
            issue = Issue(id=len(self._issues) + 1, **values)
            self._issues.append(issue)
            return issue

    def find(self, issue_id: int) -> Issue | None:
        with self._lock:
            return next((i for i in self._issues if i.id == issue_id), None)

    def change(self, issue: Issue, body: object) -> Issue:
        values = checked(body, required=())
        with self._lock:
            for name, value in values.items():
                setattr(issue, name, value)
            return issue

    def matching(self, status: str | None, label: str | None, assignee: str | None) -> list[Issue]:
        with self._lock:
            issues = list(self._issues)
        return [
            i
            for i in issues
            if status in (None, i.status) and (label is None or label in i.labels) and assignee in (None, i.assignee)
        ]
