"""Server-rendered SVG charts for the report page. Every label goes through escape(); each chart has a
<title> and the page prints its values as text beside it, for screen readers and for readers without SVG."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from assay.reviews.services.report import SKILL_TITLES

ROW = 28
LABEL_WIDTH = 130
BAR_WIDTH = 300


def _svg(width: int, height: int, title: str, body: list[str]) -> SafeString:
    head = (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="img"><title>{escape(title)}</title>'
    )
    # Safe: every piece of text above and in ``body`` was escaped where it was written.
    return mark_safe(head + "".join(body) + "</svg>")  # noqa: S308


def skill_chart(
    scores: dict[str, float | None],
    assessed: Sequence[str],
    median: dict[str, float | None] | None = None,
    reference: dict[str, float | None] | None = None,
) -> SafeString:
    """One bar per skill (0-100); a tick for the assessment's median and a dashed one for the reference."""
    body = []
    for row, (skill, title) in enumerate(SKILL_TITLES.items()):
        y = row * ROW
        body.append(f'<text x="0" y="{y + 18}" class="label">{escape(title)}</text>')
        score = scores.get(skill)
        if skill not in assessed or score is None:
            body.append(f'<text x="{LABEL_WIDTH}" y="{y + 18}" class="muted">not assessed</text>')
            continue
        width = BAR_WIDTH * max(0.0, min(100.0, float(score))) / 100
        body.append(f'<rect x="{LABEL_WIDTH}" y="{y + 6}" width="{BAR_WIDTH}" height="16" class="track"/>')
        body.append(f'<rect x="{LABEL_WIDTH}" y="{y + 6}" width="{width:.1f}" height="16" class="bar"/>')
        body += _tick((median or {}).get(skill), y, "median") + _tick((reference or {}).get(skill), y, "reference")
        body.append(f'<text x="{LABEL_WIDTH + BAR_WIDTH + 8}" y="{y + 18}">{float(score):.0f}</text>')
    return _svg(LABEL_WIDTH + BAR_WIDTH + 50, ROW * len(SKILL_TITLES), "Score per skill", body)


def _tick(value: float | None, y: int, kind: str) -> list[str]:
    if value is None:
        return []
    x = LABEL_WIDTH + BAR_WIDTH * max(0.0, min(100.0, float(value))) / 100
    return [f'<line x1="{x:.1f}" x2="{x:.1f}" y1="{y + 2}" y2="{y + 26}" class="tick-{kind}"/>']


def histogram(result: dict[str, Any]) -> SafeString:
    """Latency histogram: one bar per bucket (upper bound in ms; the last bucket is everything slower)."""
    buckets = [(b[0], int(b[1] or 0)) for b in result.get("histogram") or [] if len(b) == 2]
    if not buckets:
        return mark_safe("")
    tallest = max(count for _, count in buckets) or 1
    width, height, gap = 36, 120, 4
    body = []
    for i, (upper, count) in enumerate(buckets):
        bar = height * count / tallest
        x = i * (width + gap)
        label = f"≤{upper:g}" if upper is not None else "more"
        body.append(f'<rect x="{x}" y="{height - bar:.1f}" width="{width}" height="{bar:.1f}" class="bar">')
        body.append(f"<title>{escape(label)} ms: {count} requests</title></rect>")
        body.append(f'<text x="{x}" y="{height + 14}" class="small">{escape(label)}</text>')
    return _svg(len(buckets) * (width + gap), height + 20, "Latency histogram (ms)", body)


def schema_diagram(tables: list[dict[str, Any]]) -> SafeString:
    """Tables as boxes (columns, primary and foreign keys, indexed columns), foreign keys as lines."""
    if not tables:
        return mark_safe("")
    box_width, per_row, boxes, body = 260, 3, {}, []
    y_of_row: list[int] = [0]
    heights: list[int] = []
    for i, table in enumerate(tables):
        row, col = divmod(i, per_row)
        height = 24 + 16 * len(table.get("columns") or [])
        heights.append(height)
        if col == per_row - 1 or i == len(tables) - 1:
            y_of_row.append(y_of_row[row] + max(heights) + 40)
            heights = []
        boxes[str(table.get("name"))] = (col * (box_width + 40), y_of_row[row], height)
    for table in tables:
        body += _table_box(table, *boxes[str(table.get("name"))], box_width)
    for table in tables:
        body += _foreign_keys(table, boxes, box_width)
    return _svg(per_row * (box_width + 40), y_of_row[-1], "Database schema", body)


def _table_box(table: dict[str, Any], x: int, y: int, height: int, width: int) -> list[str]:
    keys = {c for k in table.get("constraints") or [] if k.get("kind") == "primary key" for c in k.get("columns") or []}
    foreign = {
        c for k in table.get("constraints") or [] if k.get("kind") == "foreign key" for c in k.get("columns") or []
    }
    indexed = {c for i in table.get("indexes") or [] for c in (i.get("columns") or [])[:1]}
    body = [
        f'<rect x="{x}" y="{y}" width="{width}" height="{height}" class="table"/>',
        f'<text x="{x + 8}" y="{y + 16}" class="table-name">{escape(table.get("name", ""))}</text>',
    ]
    for n, column in enumerate(table.get("columns") or []):
        name = str(column.get("name", ""))
        marks = "".join(
            m for m, on in (("PK ", name in keys), ("FK ", name in foreign), ("idx ", name in indexed)) if on
        )
        text = f"{marks}{name}: {column.get('type', '')}{'' if column.get('nullable') else ' not null'}"
        body.append(f'<text x="{x + 8}" y="{y + 36 + 16 * n}" class="column">{escape(text)}</text>')
    return body


def _foreign_keys(table: dict[str, Any], boxes: dict[str, tuple[int, int, int]], width: int) -> list[str]:
    lines = []
    x1, y1, h1 = boxes[str(table.get("name"))]
    for constraint in table.get("constraints") or []:
        target = str(constraint.get("references") or "").split(".")[-1].strip('"')
        if constraint.get("kind") != "foreign key" or target not in boxes:
            continue
        x2, y2, h2 = boxes[target]
        lines.append(
            f'<line x1="{x1 + width / 2}" y1="{y1 + h1 / 2}" x2="{x2 + width / 2}" y2="{y2 + h2 / 2}" class="fk">'
            f"<title>{escape(constraint.get('definition', ''))}</title></line>"
        )
    return lines


def commit_chart(commits: list[dict[str, Any]], limit_minutes: int | None) -> SafeString:
    """Commits on a time axis from the start: a dot per commit, its size by the lines it changed."""
    if not commits:
        return mark_safe("")
    span = max([c["minutes"] for c in commits] + [limit_minutes or 0, 1])
    width, height, body = 600, 60, []
    body.append(f'<line x1="0" y1="30" x2="{width}" y2="30" class="axis"/>')
    for commit in commits:
        x = width * commit["minutes"] / span
        radius = min(12, 3 + (commit["added"] + commit["removed"]) ** 0.5 / 3)
        label = f"{commit['minutes']:.0f} min: {commit['message']} (+{commit['added']} −{commit['removed']})"
        body.append(
            f'<circle cx="{x:.1f}" cy="30" r="{radius:.1f}" class="commit"><title>{escape(label)}</title></circle>'
        )
    return _svg(width + 14, height, "Commits over time since the start", body)
