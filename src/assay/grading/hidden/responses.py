"""What no response may ever carry, checked on every response the hidden tests receive.

Stack traces, database error text and password hashes in a response are critical security faults
wherever they appear, so challenge authors need not test each route for them. A 5xx to any request
is a fault of its own, not critical. The patterns match the shape of the thing, not a word: a JSON
field named "at" or a message saying "error" is not a stack frame.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

# (check id, name, skill, severity, weight, patterns)
_STACK_TRACES = [
    # Python: the header of every traceback, or a frame line.
    re.compile(r"Traceback \(most recent call last\)"),
    re.compile(r"File \\?\"[^\"\\]+\.py\\?\", line \d+, in \w+"),
    # Node.js: "at fn (/app/server.js:10:5)", "at /app/server.js:10:5", "at node:internal/x:1:2".
    re.compile(
        r"\bat (?:async |new )?(?:[\w$.<>\[\]]+ )?\(?(?:(?:file://)?/?[\w./@~-]+\.(?:[cm]?js|tsx?|jsx)"
        r"|node:[\w/]+):\d+:\d+\)?"
    ),
    # Java: "at com.example.Foo.bar(Foo.java:42)".
    re.compile(r"\bat (?:[\w$]+\.)+[\w$<>]+\((?:[\w$]+\.(?:java|kt):\d+|Native Method|Unknown Source)\)"),
    # Go: a panic's goroutine dump, or a frame with its program counter offset.
    re.compile(r"goroutine \d+ \[[a-z ]+\]:"),
    re.compile(r"\.go:\d+ \+0x[0-9a-f]+"),
]
_SQL_ERRORS = [
    re.compile(p, re.IGNORECASE)
    for p in (
        r"syntax error at or near",
        r"psycopg2?\.errors\.",
        r"sqlalchemy\.exc\.",
        r"sqlite3\.(?:Operational|Integrity|Programming)Error",
        r"(?:relation|column) \\?\"[\w.]+\\?\" does not exist",
        r"duplicate key value violates unique constraint",
        r"violates (?:foreign key|not-null|check) constraint",
        r"You have an error in your SQL syntax",
        r"SQLSTATE\[?\w*\]?",
        r"org\.postgresql\.util\.PSQLException",
        r"QueryFailedError|SequelizeDatabaseError|PrismaClientKnownRequestError",
        r"\bpq: ",
        r"unterminated quoted string at or near",
        r"ERROR:\s+(?:syntax|relation|column|invalid input syntax)",
    )
]
_PASSWORD_HASHES = [
    re.compile(r"\$argon2(?:id|i|d)\$v=\d+\$m=\d+,t=\d+,p=\d+\$[A-Za-z0-9+/]+\$[A-Za-z0-9+/]+"),
    re.compile(r"\$2[abxy]?\$\d{2}\$[./A-Za-z0-9]{53}"),
    re.compile(r"\bpbkdf2_sha(?:1|256|512)\$\d+\$[^$\s\"]+\$[A-Za-z0-9+/=]{20,}"),
    re.compile(r"\$pbkdf2(?:-sha(?:1|256|512))?\$\d+\$[./A-Za-z0-9+=]+\$[./A-Za-z0-9+=]{20,}"),
    re.compile(r"\bpbkdf2:sha(?:1|256|512)(?::\d+)?\$[^$\s\"]+\$[0-9a-f]{32,}"),
    re.compile(r"\bscrypt:\d+:\d+:\d+\$[^$\s\"]+\$[0-9a-f]{32,}"),
    re.compile(r"\$scrypt\$[^\s\"]*\$[./A-Za-z0-9+=]{20,}"),
    re.compile(r"\bargon2\$argon2(?:id|i|d)\$"),
]


@dataclass(frozen=True)
class Rule:
    id: str
    name: str
    skill: str
    severity: str
    weight: float
    explanation: str


RULES = {
    "stack_trace": Rule(
        "responses.no_stack_traces",
        "No response carries a stack trace",
        "security",
        "critical",
        2,
        "a stack trace tells an attacker the code's layout, libraries and versions",
    ),
    "sql_error": Rule(
        "responses.no_sql_errors",
        "No response carries database error text",
        "security",
        "critical",
        2,
        "database error text reveals the schema and often that input reaches SQL unescaped",
    ),
    "password_hash": Rule(
        "responses.no_password_hashes",
        "No response carries a password hash",
        "security",
        "critical",
        2,
        "a password hash can be cracked offline; it must never leave the server",
    ),
    "server_error": Rule(
        "responses.no_server_errors",
        "No request is answered with a 5xx server error",
        "server_logic",
        "high",
        1,
        "a 5xx means the service failed on a request the brief describes instead of answering it",
    ),
}
_PATTERNS = {"stack_trace": _STACK_TRACES, "sql_error": _SQL_ERRORS, "password_hash": _PASSWORD_HASHES}


def faults(status: int, body: str) -> dict[str, str]:
    """The kinds of fault in one response, each with the text that shows it."""
    found: dict[str, str] = {}
    for kind, patterns in _PATTERNS.items():
        for pattern in patterns:
            match = pattern.search(body)
            if match:
                # A hash is named by its scheme only: the message must not carry it further.
                found[kind] = match.group(0)[:12] + "…" if kind == "password_hash" else match.group(0)[:200]
                break
    if status >= 500:
        found["server_error"] = f"HTTP {status}"
    return found


@dataclass
class ResponseAudit:
    """Accumulates, over a whole session, the first offending exchange and a count per kind of fault."""

    responses: int = 0
    first: dict[str, dict[str, Any]] = field(default_factory=dict)
    counts: dict[str, int] = field(default_factory=dict)

    def observe(self, test_id: str, status: int, body: str, exchange: dict[str, Any]) -> None:
        self.responses += 1
        for kind, shown in faults(status, body).items():
            self.counts[kind] = self.counts.get(kind, 0) + 1
            self.first.setdefault(kind, {"test": test_id, "match": shown, "exchange": exchange})

    def results(self) -> list[dict[str, Any]]:
        """One result per rule, in the hidden tests' results format; none when no response was received."""
        if not self.responses:
            return []
        return [self._result(kind, rule) for kind, rule in RULES.items()]

    def _result(self, kind: str, rule: Rule) -> dict[str, Any]:
        entry: dict[str, Any] = {
            "id": rule.id,
            "name": rule.name,
            "skill": rule.skill,
            "weight": rule.weight,
            "severity": rule.severity,
            "outcome": "passed",
            "duration": 0.0,
            "message": f"None of the {self.responses} responses the hidden tests received.",
            "evidence": [],
        }
        first = self.first.get(kind)
        if first is not None:
            entry["outcome"] = "failed"
            entry["message"] = (
                f"{self.counts[kind]} of {self.responses} responses, first in {first['test']} "
                f"({first['match']!r}): {rule.explanation}."
            )
            entry["evidence"] = [first["exchange"]]
        return entry
