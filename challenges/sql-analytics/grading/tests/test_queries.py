"""The five analytics questions: the right answer, an index where one belongs, and a fair speed.

Each candidate query is compared with a hidden reference query run on the same data in the same
session. Plans and timings are judged only for a query whose answer is right.
"""

from __future__ import annotations

import pytest
from answers import Answers, Result, full_scans, normalise_row, show_row

QUESTIONS = (
    "q1_top_customers",
    "q2_customer_orders",
    "q3_monthly_revenue",
    "q4_black_friday_week",
    "q5_category_bestsellers",
)

HINTS = {
    "q1_top_customers": (
        "Net revenue is the item revenue of the customer's paid/shipped/delivered orders placed in 2024 "
        "(Berlin time) minus all refunds on those items; sum refunds per item before joining them to "
        "items, or an item with two refunds counts twice. Ties: lower customer_id first."
    ),
    "q2_customer_orders": (
        "List every order of customer 4242 whatever its status, also one without items (items 0, "
        "total_cents 0); newest placed_at first, then higher order_id."
    ),
    "q3_monthly_revenue": (
        "Months are calendar months in Europe/Berlin: truncate placed_at AT TIME ZONE 'Europe/Berlin' "
        "and bound 2024 at Berlin midnight. Every month is listed, 0 when nothing was sold "
        "(August 2024)."
    ),
    "q4_black_friday_week": (
        "Days are Berlin days (Europe/Berlin), all 7 listed; customers counts distinct registered "
        "customers (guests have none)."
    ),
    "q5_category_bestsellers": (
        "Units sold in paid/shipped/delivered orders placed in 2024 (Berlin time); a NULL category is "
        "reported as 'uncategorised'; ties go to the lower product_id."
    ),
}

# The queries that select a few rows out of the big tables: they must not read them in full.
INDEXED = {
    "q2_customer_orders": (
        ("orders", "order_items"),
        "add indexes that find a customer's orders and an order's items",
    ),
    "q4_black_friday_week": (
        ("orders",),
        "index orders(placed_at) and compare placed_at itself with timestamptz bounds: an expression "
        "around the column, such as (placed_at AT TIME ZONE ...)::date, cannot use that index",
    ),
}


def difference(name: str, expected: Result, got: Result) -> str | None:
    """What is wrong with `got`, in a sentence a reviewer can act on; None when it is right."""
    file = f"{name}.sql"
    if got.error:
        return f"{file}: {got.error}"
    if got.columns != expected.columns:
        return f"{file} returned the columns ({', '.join(got.columns)}); expected ({', '.join(expected.columns)})"
    want = [normalise_row(r) for r in expected.rows]
    have = [normalise_row(r) for r in got.rows]
    if want == have:
        return None
    key = expected.columns[0]
    want_keys = {r[0]: r for r in want}
    have_keys = {r[0]: r for r in have}
    if len(want) != len(have):
        missing = [show_row([key], (k,)) for k in want_keys if k not in have_keys][:3]
        extra = [show_row([key], (k,)) for k in have_keys if k not in want_keys][:3]
        detail = f"{file} returned {len(have)} rows, expected {len(want)}"
        if missing:
            detail += f"; missing {', '.join(missing)}"
        if extra:
            detail += f"; unexpected {', '.join(extra)}"
        return detail
    if sorted(want, key=repr) == sorted(have, key=repr):
        return f"{file} returned the right rows in the wrong order"
    wrong = [(w, h) for w, h in zip(want, have, strict=True) if w != h]
    first_want, first_have = wrong[0]
    return (
        f"{file}: {len(wrong)} of {len(want)} rows differ; the first: expected "
        f"{show_row(expected.columns, first_want)}, got {show_row(got.columns, first_have)}"
    )


@pytest.mark.skill("database")
@pytest.mark.weight(10)
@pytest.mark.parametrize("name", QUESTIONS)
def test_query_result(answers: Answers, name: str) -> None:
    """The query returns the right answer"""
    problem = difference(name, answers.reference(name), answers.candidate(name))
    assert problem is None, f"{problem}. Hint: {HINTS[name]}"


@pytest.fixture
def right_answer(answers: Answers, name: str) -> None:
    """Setup of the plan and speed checks: a wrong answer is one fault (test_query_result), so a check that
    needs the right answer fails here, in its setup, and is reported as blocked by it rather than failed."""
    if difference(name, answers.reference(name), answers.candidate(name)) is not None:
        pytest.fail(
            f"{name}.sql does not return the right answer yet, so its plan and speed are not judged", pytrace=False
        )


@pytest.mark.skill("performance")
@pytest.mark.weight(2)
@pytest.mark.parametrize("name", INDEXED)
@pytest.mark.usefixtures("right_answer")
def test_query_uses_index(answers: Answers, name: str) -> None:
    """A selective query finds its rows through an index"""
    tables, advice = INDEXED[name]
    scanned = full_scans(answers.plan(name), tables)
    assert not scanned, (
        f"{name}.sql reads all of {' and '.join(scanned)} (Seq Scan in EXPLAIN) to find a few rows: {advice}"
    )


@pytest.mark.skill("performance")
@pytest.mark.weight(1.5)
@pytest.mark.parametrize("name", QUESTIONS)
@pytest.mark.usefixtures("right_answer")
def test_query_runtime(answers: Answers, name: str) -> None:
    """The query is not much slower than the reference on the same data"""
    reference, candidate, limit = answers.timings(name)
    assert candidate <= limit, (
        f"{name}.sql took {candidate * 1000:.0f} ms (median), the reference {reference * 1000:.0f} ms on the "
        f"same data; the limit is {limit * 1000:.0f} ms (3 x reference + 50 ms). Look at EXPLAIN ANALYZE: "
        "a subquery run once per row, or a join before aggregating, is the usual cause"
    )
