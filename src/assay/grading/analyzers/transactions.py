"""Transactions around multi-step writes: several writes outside one, or a read and its write in two.

Rules in ``rules/transactions.yml`` (Python with psycopg-style ``transaction()`` blocks, Node's pg pool, Go's pgx).
"""

from __future__ import annotations

NAME = "transactions"
TITLE = "Transactions"
RULES = "transactions.yml"
SUFFIXES = frozenset({".py", ".js", ".mjs", ".cjs", ".ts", ".go"})
QUESTIONS = {
    "transactions.split": (
        "{where} reads in one transaction and writes in another ({code}): two requests arrive at the same "
        "moment for the same row; walk me through what each one sees and what is stored at the end."
    ),
    "transactions.multi_write": (
        "{where} writes several times outside a transaction ({code}): the process dies after the first write; "
        "what state is the data in, and how would you make the writes one unit?"
    ),
}
