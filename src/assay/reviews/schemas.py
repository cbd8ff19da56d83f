"""Shapes of the reviews API: reports, runs, the submitted files and line comments."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from ninja import Schema
from pydantic import Field

from assay.reviews.models import MAX_COMMENT_CHARS


class RunOut(Schema):
    number: int
    state: str
    score: float | None
    skills: dict[str, float | None]
    started_at: datetime
    finished_at: datetime | None
    error: str


class CitationOut(Schema):
    finding: str | None = Field(None, description="A finding's id: F1 is the first of the report's findings.")
    path: str | None = Field(None, description="A submitted file's key, as the file list names it.")
    line: int | None = None


class NarrativeItemOut(Schema):
    text: str = Field(description="The model's words, untrusted: escape them wherever they are shown.")
    citations: list[CitationOut]


class NarrativeOut(Schema):
    label: str = Field(description="Always says the narrative is AI-written and not part of the score.")
    state: str = Field(description="pending, writing, written, or none (then reason says why).")
    reason: str
    model: str
    strengths: list[NarrativeItemOut]
    risks: list[NarrativeItemOut]
    interview_questions: list[NarrativeItemOut]
    dropped: int = Field(description="Items left out because they cited no real finding or file.")
    left_out: list[str] = Field(description="Files not sent to the model, to fit the token budget.")
    tokens_used: int


class ReportOut(Schema):
    submission_id: int
    submission_state: str
    run: RunOut | None
    report: dict[str, Any] = Field(
        description="The grading report as stored (docs/report-schema.json); empty while the first run grades."
    )
    narrative: NarrativeOut | None = Field(
        None, description="The optional AI reviewer's narrative of this run; never part of the score."
    )


class RegradeOut(Schema):
    submission_id: int
    state: str


class FileEntryOut(Schema):
    path: str = Field(description="The file's key: its name, or its bytes percent-encoded after a '%' if not UTF-8.")
    name: str = Field(description="The name to show (bytes that are not UTF-8 become U+FFFD).")
    kind: str = Field(description="file or symlink (a symlink is never followed).")
    size: int
    target: str = ""
    comments: int = 0


class FileOut(Schema):
    path: str
    name: str
    kind: str
    size: int
    text: str | None = Field(description="The file's text; null for a binary, too large or symlinked file.")
    reason: str = Field(description="Why there is no text, in words a reviewer understands.")


class CommentIn(Schema):
    path: str = Field(min_length=1)
    line: int = Field(ge=1)
    body: str = Field(min_length=1, max_length=MAX_COMMENT_CHARS)
    parent_id: int | None = None


class CommentEdit(Schema):
    body: str = Field(min_length=1, max_length=MAX_COMMENT_CHARS)


class CommentOut(Schema):
    id: int
    submission_id: int
    path: str
    line: int
    parent_id: int | None
    author: str
    body: str
    created_at: datetime
    edited_at: datetime | None

    @staticmethod
    def resolve_author(obj: Any) -> str:
        return str(obj.author_name)
