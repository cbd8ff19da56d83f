"""A tiny real task for the task-queue tests: it leaves a file behind, so a test can see it ran."""

from __future__ import annotations

from pathlib import Path

from django_tasks import task


@task()
def write_marker(path: str, text: str) -> str:
    """Write ``text`` to ``path`` and return it reversed (a result the caller can check)."""
    Path(path).write_text(text)
    return text[::-1]
