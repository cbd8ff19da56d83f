"""Error handling: catch-alls that swallow errors, and exception text or tracebacks sent to the client.

Rules in ``rules/error_handling.yml`` (Python, JavaScript, Go). A traceback in a response is a security finding
(``security.error_details_leak``, as in ``rules/errors.yml``); the rest are ``errors.*``.
"""

from __future__ import annotations

NAME = "errors"
TITLE = "Error handling"
RULES = "error_handling.yml"
SUFFIXES = frozenset({".py", ".js", ".mjs", ".cjs", ".ts", ".go"})
QUESTIONS = {
    "errors.swallowed": (
        "{where} catches every error and drops it ({code}): what happens to the caller and to your logs when this "
        "fails in production, and what would you catch instead?"
    ),
    "errors.exception_text": (
        "{where} sends the exception's own text to the client ({code}): what might that text reveal, and what "
        "should the client and the log each get?"
    ),
}
