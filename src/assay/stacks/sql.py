"""SQL (the database challenges): the candidate writes queries and migrations; nothing to install."""

from __future__ import annotations

from assay.stacks import Stack

STACK = Stack(
    name="sql",
    label="SQL",
    identifying_files=(),
    source_suffixes=(),  # queries are graded by running them, not by the code analyzers
    starter_config='setup = "true"\ntest = "sh tests/run.sh"\nservices = ["postgres"]\n',
)
