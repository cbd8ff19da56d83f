"""Reading the AI reviewer's answer: JSON of the asked shape, each item kept only if all it cites is real.

The answer is untrusted text: it is validated here, stored as data, and escaped wherever it is shown.
"""

from __future__ import annotations

import json
import re
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

SECTIONS = ("strengths", "risks", "interview_questions")
_FENCE = re.compile(r"^\s*```(?:json)?\s*(.*?)\s*```\s*$", re.DOTALL)
_LINE = re.compile(r"^(.*?):(\d+)(?:-\d+)?$")


class Item(BaseModel):
    model_config = ConfigDict(extra="ignore")
    text: str = Field(min_length=1, max_length=2_000)
    citations: list[str] = Field(default_factory=list, max_length=20)


class Answer(BaseModel):
    model_config = ConfigDict(extra="ignore")
    strengths: list[Item] = Field(default_factory=list, max_length=20)
    risks: list[Item] = Field(default_factory=list, max_length=20)
    interview_questions: list[Item] = Field(default_factory=list, max_length=20)


def parse(text: str, finding_ids: set[str], files: set[str]) -> tuple[dict[str, Any], int] | None:
    """({section: [{"text", "citations"}]}, how many items were dropped), or None for a malformed answer.

    A citation is {"finding": "F3"} or {"path": "app.py", "line": 12 or None}; an item citing nothing, or
    anything that is neither a finding of the report nor a file of the submission, is dropped whole.
    """
    fenced = _FENCE.match(text)
    try:
        answer = Answer.model_validate(json.loads(fenced.group(1) if fenced else text))
    except (ValueError, ValidationError):
        return None
    content: dict[str, Any] = {}
    dropped = 0
    for section in SECTIONS:
        kept = []
        for item in getattr(answer, section):
            citations = [_citation(c, finding_ids, files) for c in item.citations]
            if not citations or any(c is None for c in citations):
                dropped += 1
                continue
            kept.append({"text": item.text.strip(), "citations": citations})
        content[section] = kept
    return content, dropped


def _citation(raw: str, finding_ids: set[str], files: set[str]) -> dict[str, Any] | None:
    ref = raw.strip().strip("`")
    if ref.upper() in finding_ids:
        return {"finding": ref.upper()}
    path, line = ref.removeprefix("./"), None
    numbered = _LINE.match(path)
    if path not in files and numbered:
        path, line = numbered.group(1), int(numbered.group(2))
    return {"path": path, "line": line} if path in files else None
