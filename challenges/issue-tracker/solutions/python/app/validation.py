"""The rules an issue's fields follow, for creating (every field) and editing (the fields given)."""

import re
from typing import Any

STATUSES = ("open", "in_progress", "closed")
LABEL = re.compile(r"[a-z0-9][a-z0-9-]{0,29}")
MAX_TITLE, MAX_DESCRIPTION, MAX_LABELS, MAX_ASSIGNEE = 120, 2000, 10, 50
DEFAULTS: dict[str, Any] = {"description": "", "status": "open", "labels": [], "assignee": None}


class Invalid(Exception):
    """Some fields break the rules: {field: message}."""

    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__(errors)
        self.errors = errors


def _title(value: Any) -> str:
    if not isinstance(value, str) or not value.strip():
        raise ValueError("Enter a title.")
    if len(value.strip()) > MAX_TITLE:
        raise ValueError(f"Keep the title to {MAX_TITLE} characters.")
    return value.strip()


def _description(value: Any) -> str:
    if not isinstance(value, str):
        raise ValueError("The description must be text.")
    if len(value) > MAX_DESCRIPTION:
        raise ValueError(f"Keep the description to {MAX_DESCRIPTION} characters.")
    return value


def _status(value: Any) -> str:
    if value not in STATUSES:
        raise ValueError(f"Choose one of: {', '.join(STATUSES)}.")
    return str(value)


def _labels(value: Any) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(label, str) for label in value):
        raise ValueError("Labels must be a list of words.")
    labels = list(dict.fromkeys(label.strip() for label in value))
    if len(labels) > MAX_LABELS:
        raise ValueError(f"Use at most {MAX_LABELS} labels.")
    for label in labels:
        if not LABEL.fullmatch(label):
            raise ValueError(f"{label!r} is not a label: lower-case letters, digits and '-', up to 30.")
    return labels


def _assignee(value: Any) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str) or not value.strip() or len(value.strip()) > MAX_ASSIGNEE:
        raise ValueError(f"The assignee is a name of 1 to {MAX_ASSIGNEE} characters, or none.")
    return value.strip()


RULES = {"title": _title, "description": _description, "status": _status, "labels": _labels, "assignee": _assignee}


def clean(body: Any, *, partial: bool) -> dict[str, Any]:
    """The valid fields of `body`; raises Invalid naming every field that is not."""
    if not isinstance(body, dict):
        raise Invalid({"body": "Send a JSON object."})
    given = {name: body[name] for name in RULES if name in body}
    if not partial:
        given = {"title": None, **DEFAULTS, **given}
    fields, errors = {}, {}
    for name, value in given.items():
        try:
            fields[name] = RULES[name](value)
        except ValueError as exc:
            errors[name] = str(exc)
    if errors:
        raise Invalid(errors)
    return fields
