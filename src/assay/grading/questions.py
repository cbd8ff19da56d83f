"""Follow-up questions for the interview, one per finding and per failed critical check.

Each question is written from a fixed template keyed by rule id (or rule prefix) and filled in with the
candidate's own code: the file and line, the excerpt, the table and query, or the request that failed. The
templates are plain text, so the same report always asks the same questions.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from assay.grading.analyzers import registry
from assay.grading.report import Check, Finding, Report

EXCERPT_CHARS = 120

# Keyed by rule id; a key ending in "." is a prefix. Placeholders: {where} (`path:line`), {code} (the excerpt),
# {message}, {table}, {column}, {query}, {request} (the load probe's).
TEMPLATES: dict[str, str] = {
    "security.sql_injection": (
        "{where} builds SQL text from a request value ({code}): walk me through what happens with "
        "`x' OR '1'='1` as that value, and how you would pass it to the database instead."
    ),
    "security.code_injection": (
        "{where} evaluates data ({code}): what could a client run on the server this way, and what would you use "
        "instead?"
    ),
    "security.weak_password_hash": (
        "{where} hashes a password with a fast digest ({code}): if the users table leaked, how long would the "
        "passwords last, and which hash would you choose?"
    ),
    "security.plaintext_password": (
        "{where} stores or compares a password in plain text ({code}): what would you change before this ships?"
    ),
    "security.error_details_leak": (
        "{where} sends error details to the client ({code}): what could an attacker learn from them, and what "
        "should the client and the logs each get?"
    ),
    "review.prompt_injection": (
        "{where} addresses whoever reviews this code ({code}): tell me why this text is in the submission."
    ),
    "secrets.hardcoded": (
        "{where} has what looks like a secret in the code ({code}): how would you configure it per environment, "
        "and what would you do now that it is in the history?"
    ),
    "security.": "{where}: {message} ({code}). How would an attacker use this, and how would you fix it?",
    "lint.": "{where}: {message} ({code}). How did this get past your own checks, and what does it break?",
    "complexity.": ("{where}: {message} How would you split it so that each part can be tested on its own?"),
    "db.missing_index": (
        "Table `{table}` has no index on `{column}`, and this query filters on it: `{query}`. What happens to "
        "it at a million rows, and which index would you add?"
    ),
    "db.unindexed_foreign_key": (
        "{message} What does a join or a cascading delete on it cost as the table grows, and would you index it?"
    ),
    "perf.n_plus_one": (
        "{message} Walk me through the queries one `{request}` makes, and how you would load it in a constant "
        "number of queries."
    ),
    **registry.questions(),
}
DEFAULT = "{where}: {message} Walk me through why it is written this way, and what you would change."
CHECK_TEMPLATE = (
    "`{request}` answered {status} and the check “{name}” failed: {message} Walk me through what your code "
    "does with this request, and where it should have been refused or handled."
)


def template(rule: str) -> str:
    """The most specific template for a rule: its own, else the longest matching prefix, else the default."""
    if rule in TEMPLATES:
        return TEMPLATES[rule]
    prefixes = [key for key in TEMPLATES if key.endswith(".") and rule.startswith(key)]
    return TEMPLATES[max(prefixes, key=len)] if prefixes else DEFAULT


def _code(text: str) -> str:
    text = " ".join(text.split())
    if not text:
        return "see the file"
    return f"`{text if len(text) <= EXCERPT_CHARS else text[: EXCERPT_CHARS - 1] + '…'}`"


def for_finding(finding: Finding) -> str:
    where = f"`{finding.path}:{finding.line}`" if finding.path and finding.line else f"`{finding.path}`"
    query: dict[str, Any] = next((e.data for e in finding.evidence if e.kind == "query"), {})
    load: dict[str, Any] = next((e.data for e in finding.evidence if e.kind == "load"), {})
    values = {
        "where": where if finding.path else "The service",
        "code": _code(finding.excerpt),
        "message": finding.message.rstrip(".") + ".",
        "table": query.get("table", "?"),
        "column": query.get("column", "?"),
        "query": " ".join(str(query.get("query", finding.excerpt)).split())[:200],
        "request": load.get("request", "list request"),
    }
    return template(finding.rule).format(**values)


def for_check(check: Check) -> str:
    exchange: dict[str, Any] = next((e.data for e in check.evidence if e.kind == "http"), {})
    request, response = exchange.get("request") or {}, exchange.get("response") or {}
    split = urlsplit(str(request.get("url", "")))
    path = split.path + (f"?{split.query}" if split.query else "")
    status = response.get("status")
    return CHECK_TEMPLATE.format(
        request=f"{request.get('method', '')} {path}".strip() or check.id,
        status=f"HTTP {status}" if status is not None else "nothing",
        name=check.name,
        message=check.message.rstrip(".") + "." if check.message else "",
    )


def ask(report: Report) -> None:
    """Fill in the question of every finding and of every failed critical hidden-test check that has none."""
    for finding in report.findings:
        finding.question = finding.question or for_finding(finding)
    for check in report.checks:
        if check.suite == "hidden_tests" and check.red_flag and not check.question:
            check.question = for_check(check)
