"""REST conventions: a POST that creates answers 201, a DELETE of a resource 204, paths name resources, not verbs.

Rules in ``rules/rest.yml`` (FastAPI and Flask decorators, Express routers, Go muxes), run in the one semgrep pass.
"""

from __future__ import annotations

NAME = "rest"
TITLE = "REST conventions"
RULES = "rest.yml"
SUFFIXES = frozenset({".py", ".js", ".mjs", ".cjs", ".ts", ".go"})
QUESTIONS = {
    "rest.create_not_201": (
        "{where} creates a resource ({code}) and answers 200: what status and headers should a client get back "
        "from a create, and how does it find what it just created?"
    ),
    "rest.delete_with_body": (
        "{where} deletes a resource ({code}) and answers 200 with a body: what should a client receive, and what "
        "would a second DELETE of the same id answer?"
    ),
    "rest.verb_in_path": (
        "{where} puts an action in the path ({code}): how would you name this route as a resource, and which "
        "HTTP method says what it does?"
    ),
}
