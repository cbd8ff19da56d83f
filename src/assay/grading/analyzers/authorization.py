"""Authentication and authorization patterns: a change made for a caller who is never compared with the owner.

Rules in ``rules/auth.yml``: a function handed the caller's id (``user_id``, ``me``...) that updates or deletes
a row without ever using it has no ownership check.
"""

from __future__ import annotations

NAME = "auth"
TITLE = "Authorization"
RULES = "auth.yml"
SUFFIXES = frozenset({".py"})
QUESTIONS = {
    "auth.no_ownership_check": (
        "{where} changes a row for the caller without comparing the caller with its owner ({code}): another "
        "logged-in user sends this request with your id; what happens, and where should that be refused?"
    ),
}
