"""The AI reviewer's narrative as the report page and the API show it: each citation with where it points.

The text is the model's, untrusted: it is passed on as plain text and escaped by whatever renders it.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from django.urls import reverse

from assay.reviews.models import Narrative
from assay.reviews.services.narrative_answer import SECTIONS
from assay.reviews.services.narrative_prompt import finding_ids
from assay.reviews.services.report import _finding_anchor

LABEL = "Written by an AI model from the report and the code; not part of the score, and it can be wrong."
TITLES = {"strengths": "Strengths", "risks": "Risks", "interview_questions": "Interview questions"}


def sections(narrative: Narrative, report: dict[str, Any]) -> list[dict[str, Any]]:
    """[{"title", "items": [{"text", "citations": [{"label", "href"}]}]}] for the sections that have items."""
    rules = {fid: str(f.get("rule", "")) for fid, f in finding_ids(report)}
    file_page = reverse("reviews:file", args=[narrative.submission_id])
    shown = []
    for section in SECTIONS:
        items = [
            {"text": item["text"], "citations": [_link(c, rules, file_page) for c in item["citations"]]}
            for item in (narrative.content or {}).get(section) or []
        ]
        if items:
            shown.append({"title": TITLES[section], "items": items})
    return shown


def _link(citation: dict[str, Any], rules: dict[str, str], file_page: str) -> dict[str, str]:
    if "finding" in citation:
        fid = citation["finding"]
        return {"label": f"{fid} {rules.get(fid, '')}".strip(), "href": "#" + _finding_anchor(rules.get(fid, ""))}
    path, line = citation["path"], citation.get("line")
    href = f"{file_page}?path={quote(path, safe='')}" + (f"#L{line}" if line else "")
    return {"label": f"{path}:{line}" if line else path, "href": href}
