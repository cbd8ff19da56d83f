"""Input validation: request bodies read raw and used field by field, with no schema or check in between.

Rules in ``rules/input_validation.yml`` (FastAPI and Flask handlers, Express bodies sent to a query).
"""

from __future__ import annotations

NAME = "input"
TITLE = "Input validation"
RULES = "input_validation.yml"
SUFFIXES = frozenset({".py", ".js", ".mjs", ".cjs", ".ts"})
QUESTIONS = {
    "input.unvalidated_body": (
        "{where} uses a request body field as it came ({code}): what does a client get if it is missing, "
        "a number where text is expected, or 10 MB long, and where would you check it?"
    ),
}
