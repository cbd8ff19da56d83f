"""HTML fragments the page swaps in: the list and an edit form. Everything from an issue is escaped."""

from html import escape

from tracker.issues import STATUSES, Issue


def issue_item(issue: Issue) -> str:
    who = f"assigned to {escape(issue.assignee)}" if issue.assignee else "unassigned"
    labels = f" · labels: {escape(', '.join(issue.labels))}" if issue.labels else ""
    description = f"<p>{escape(issue.description)}</p>" if issue.description else ""
    return (
        f'<li data-issue-id="{issue.id}"><h3>{escape(issue.title)}</h3>'
        f"<p>{STATUSES[issue.status]} · {who}{labels}</p>{description}"
        f'<button type="button" data-edit="{issue.id}">Edit</button></li>'
    )


def issue_list(issues: list[Issue]) -> str:
    return "".join(issue_item(issue) for issue in issues)


def _row(ident: str, label: str, control: str) -> str:
    """A labelled field with its (hidden until needed) message slot, which the field points to."""
    return (
        f'<div class="row"><label for="{ident}">{label}</label>{control}'
        f'<span class="error" id="{ident}-msg" hidden></span></div>'
    )


def _text(ident: str, name: str, value: str) -> str:
    return f'<input id="{ident}" name="{name}" value="{escape(value)}">'


def edit_form(issue: Issue) -> str:
    ids = {name: f"e{issue.id}-{name}" for name in ("title", "description", "status", "labels", "assignee")}
    options = "".join(
        f'<option value="{value}"{" selected" if value == issue.status else ""}>{text}</option>'
        for value, text in STATUSES.items()
    )
    description = f'<textarea id="{ids["description"]}" name="description">{escape(issue.description)}</textarea>'
    rows = [
        _row(ids["title"], "Title", _text(ids["title"], "title", issue.title)),
        _row(ids["description"], "Description", description),
        _row(ids["status"], "Status", f'<select id="{ids["status"]}" name="status">{options}</select>'),
        _row(ids["labels"], "Labels, comma-separated", _text(ids["labels"], "labels", ", ".join(issue.labels))),
        _row(ids["assignee"], "Assignee", _text(ids["assignee"], "assignee", issue.assignee or "")),
    ]
    return (
        f'<form class="edit-issue" data-id="{issue.id}" aria-label="Edit issue {issue.id}" novalidate>'
        + "".join(rows)
        + '<button type="submit">Save</button></form>'
    )
