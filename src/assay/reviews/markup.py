"""HTML for the largest repeated parts of the code view, built in Python: a diff of a few thousand lines
through the template engine's loops costs more than the rest of the page together. The standard
library's html.escape (quotes too) is used on every outside text: Django's lazy-aware escape() costs
several times more per call, and these are plain strings."""

from __future__ import annotations

from html import escape
from typing import Any
from urllib.parse import quote

from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe

from assay.reviews.services.diff import FileDiff
from assay.reviews.services.report import CheckView, Exchange
from assay.reviews.services.tree import TreeRow

SIGNS = {"added": "+", "removed": "-", "context": " "}


def file_url(base: str, key: str) -> str:
    """The file view of ``key``, from the file view's URL without a query (reversed once per page)."""
    return f"{base}?path={quote(key, safe='')}"


def diff_table(url: str, found: FileDiff) -> SafeString:
    """The file's diff lines as table rows; every text escaped, new line numbers linking to ``url`` (the file)."""
    if not found.lines:
        return mark_safe("")
    link = escape(url)
    rows = []
    for line in found.lines:
        new = f'<a href="{link}#L{line.new}">{line.new}</a>' if line.new else ""
        old = "" if line.old is None else str(line.old)
        text = SIGNS.get(line.kind, "") + line.text
        numbers = f'<td class="n">{old}</td><td class="n">{new}</td>'
        rows.append(f'<tr class="{line.kind}">{numbers}<td class="t">{escape(text)}</td></tr>')
    # Safe: the only text from outside (the candidate's lines and file key) went through escape() above.
    return mark_safe('<table class="code"><tbody>' + "".join(rows) + "</tbody></table>")  # noqa: S308


def tree_list(submission_id: int, rows: list[TreeRow], current: str = "") -> SafeString:
    """The file tree as list items: folders as text, files as links, symlinks with their target, counts."""
    base = escape(reverse("reviews:file", args=[submission_id]))
    items = []
    for row in rows:
        name = escape(row.name)
        if row.kind == "dir":
            items.append(f'<li class="depth-{row.depth}"><span class="dir">{name}/</span></li>')
            continue
        here = ' aria-current="page"' if row.key == current else ""
        extra = f' <span class="muted">→ {escape(row.target)}</span>' if row.kind == "symlink" else ""
        if row.comments:
            extra += f' <span class="badge">{row.comments} comment{"s" if row.comments != 1 else ""}</span>'
        link = f'<a href="{base}?path={escape(quote(row.key, safe=""))}"{here}>{name}</a>'
        items.append(f'<li class="depth-{row.depth}">{link}{extra}</li>')
    # Safe: names, keys and targets (the candidate's) went through escape() above.
    return mark_safe('<ul class="tree">' + "".join(items) + "</ul>")  # noqa: S308


def _pre(text: str) -> str:
    return f"<pre>{escape(text)}</pre>" if text else ""


def _headers(headers: dict[str, object]) -> str:
    return _pre("".join(f"{name}: {value}\n" for name, value in headers.items()))


def _exchange(x: Exchange) -> str:
    status = f"<code>{escape(str(x.status))}</code>" if x.status is not None else "none (the connection failed)"
    return (
        f'<div class="evidence"><div><strong>Request</strong> <code>{escape(x.method)} {escape(x.path)}</code></div>'
        f"{_headers(x.request_headers)}{_pre(x.request_body)}<div><strong>Response</strong> {status}</div>"
        f"{_headers(x.response_headers)}{_pre(x.response_body)}</div>"
    )


def _other(evidence: dict[str, Any]) -> str:
    data = evidence.get("data") or {}
    lines = "".join(f"{k}: {v}\n" for k, v in data.items()) if isinstance(data, dict) else str(data)
    return f'<div class="evidence"><strong>{escape(str(evidence.get("kind", "")))}</strong>{_pre(lines)}</div>'


def _question(text: str) -> str:
    return f'<p class="question"><strong>Ask:</strong> {escape(text)}</p>' if text else ""


def finding_details(finding: dict[str, Any]) -> SafeString:
    """A finding's interview question and its evidence: the code excerpt, the HTTP exchange, the query and plan."""
    parts = [_question(str(finding.get("question") or "")), _pre(str(finding.get("excerpt") or ""))]
    parts += [_exchange(x) for x in finding.get("exchanges") or []]
    parts += [_other(e) for e in finding.get("other_evidence") or []]
    # Safe: the candidate wrote the excerpt and the evidence; every text went through escape().
    return mark_safe("".join(parts))  # noqa: S308


def check_items(checks: list[CheckView]) -> SafeString:
    """Checks as list items: outcome, name, id, weight, severity, message, and a failure's evidence."""
    items = []
    for c in checks:
        meta = f"<code>{escape(c.id)}</code> · weight {c.weight:g}" + (f" · {escape(c.severity)}" if c.severity else "")
        outcome = escape(c.outcome)
        parts = [
            f'<li id="{escape(c.anchor)}"><span class="outcome outcome-{outcome}">{outcome}</span> ',
            f'{escape(c.name)} <span class="muted">{meta}</span>',
            f"<div>{escape(c.message)}</div>" if c.message else "",
        ]
        if c.outcome != "passed":
            parts.append(_question(c.question))
            parts += [_exchange(x) for x in c.exchanges] + [_other(e) for e in c.other_evidence]
        items.append("".join(parts) + "</li>")
    # Safe: every text of the report (the candidate's service wrote the evidence) went through escape().
    return mark_safe("".join(items))  # noqa: S308


def diff_sections(base: str, shown: list[FileDiff]) -> SafeString:
    """Each changed file as a card: its name linking to the file view, status, counts, note, lines."""
    sections = []
    for found in shown:
        url = file_url(base, found.key)
        name = escape(found.display)
        note = f'<p class="muted">{escape(found.note)}</p>' if found.note else ""
        sections.append(
            f'<section class="card diff" aria-label="{name}"><h2><a href="{escape(url)}">{name}</a> '
            f'<span class="badge">{found.status}</span> <span class="muted">+{found.added} −{found.removed}</span></h2>'
            f"{note}{diff_table(url, found)}</section>"
        )
    # Safe: names and notes went through escape(), and diff_table escapes the lines.
    return mark_safe("".join(sections))  # noqa: S308


def changed_names(base: str, rest: list[FileDiff]) -> SafeString:
    """Further changed files by name and status only (a huge submission)."""
    items = [
        f'<li><a href="{escape(file_url(base, f.key))}">{escape(f.display)}</a> <span class="badge">{f.status}</span>'
        for f in rest
    ]
    # Safe: names and keys went through escape().
    return mark_safe("<ul>" + "</li>".join(items) + ("</li></ul>" if items else "</ul>"))  # noqa: S308
