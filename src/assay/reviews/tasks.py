"""The AI reviewer's task: ids in, fresh rows loaded, safe to run twice (see services.narratives)."""

from __future__ import annotations

from django_tasks import task

from assay.reviews.services import narratives


@task()
def write_narrative(narrative_id: int) -> str:
    """Write the narrative of one graded run. Returns what happened, for the task result."""
    return narratives.write(narrative_id)
