"""HTML for the largest repeated parts of the code view, built in Python: a diff of a few thousand lines
through the template engine's loops costs more than the rest of the page together."""

from __future__ import annotations

from urllib.parse import quote

from django.urls import reverse
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from assay.reviews.services.diff import FileDiff

SIGNS = {"added": "+", "removed": "-", "context": " "}


def file_url(submission_id: int, key: str) -> str:
    return f"{reverse('reviews:file', args=[submission_id])}?path={quote(key, safe='')}"


def diff_table(submission_id: int, found: FileDiff) -> SafeString:
    """The file's diff lines as table rows; every text escaped, new line numbers linking to the file view."""
    if not found.lines:
        return mark_safe("")
    link = escape(file_url(submission_id, found.key))
    rows = []
    for line in found.lines:
        new = f'<a href="{link}#L{line.new}">{line.new}</a>' if line.new else ""
        old = "" if line.old is None else str(line.old)
        text = SIGNS.get(line.kind, "") + line.text
        numbers = f'<td class="n">{old}</td><td class="n">{new}</td>'
        rows.append(f'<tr class="{line.kind}">{numbers}<td class="t">{escape(text)}</td></tr>')
    # Safe: the only text from outside (the candidate's lines and file key) went through escape() above.
    return mark_safe('<table class="code"><tbody>' + "".join(rows) + "</tbody></table>")  # noqa: S308
