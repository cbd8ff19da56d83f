"""The candidate's schema: it loads the shop data, and enforces the rules the brief asks for.

Constraints are checked by behaviour: a row that breaks one rule (and only that rule) must be
refused, a row the brief allows must be accepted. Every write is rolled back.
"""

from __future__ import annotations

from typing import Any

import psycopg
import pytest
import shop_data

ORDER_WITHOUT_ITEMS = shop_data.SPECIAL_BASE + 1  # customer 4242's pending order: no items yet
NEW_ID = 900_000_001


def attempt(conn: psycopg.Connection[Any], statement: str) -> psycopg.Error | None:
    """Run one write in a transaction that is always rolled back; the error it raised, if any."""
    try:
        with conn.transaction(force_rollback=True):
            conn.execute(statement)  # type: ignore[arg-type]
    except psycopg.Error as exc:
        return exc
    return None


@pytest.mark.skill("database")
@pytest.mark.weight(3)
def test_schema_loads(shop: Any) -> None:
    """schema.sql loads and the shop data fits it"""
    assert shop.error is None, shop.error


@pytest.mark.skill("database")
@pytest.mark.weight(1)
@pytest.mark.parametrize("table", shop_data.TABLES)
def test_primary_key(loaded: psycopg.Connection[Any], table: str) -> None:
    """Every table has its id as primary key"""
    row = loaded.execute(
        """SELECT ARRAY(SELECT a.attname FROM unnest(c.conkey) k(n)
                        JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.n)::text[]
           FROM pg_constraint c WHERE c.conrelid = to_regclass(%s) AND c.contype = 'p'""",
        (table,),
    ).fetchone()
    assert row is not None, f"{table} has no primary key: declare id as PRIMARY KEY"
    assert row[0] == ["id"], f"the primary key of {table} is ({', '.join(row[0])}), expected (id)"


FOREIGN_KEYS = {
    "orders.customer_id": "INSERT INTO orders (id, customer_id, status, placed_at) "
    f"VALUES ({NEW_ID}, 999999999, 'pending', now())",
    "order_items.order_id": "INSERT INTO order_items (id, order_id, product_id, quantity, unit_price_cents) "
    f"VALUES ({NEW_ID}, 999999999, 1, 1, 100)",
    "order_items.product_id": "INSERT INTO order_items (id, order_id, product_id, quantity, unit_price_cents) "
    f"VALUES ({NEW_ID}, {ORDER_WITHOUT_ITEMS}, 999999999, 1, 100)",
    "refunds.order_item_id": "INSERT INTO refunds (id, order_item_id, quantity, amount_cents, refunded_at) "
    f"VALUES ({NEW_ID}, 999999999, 1, 100, now())",
}


@pytest.mark.skill("database")
@pytest.mark.weight(1.5)
@pytest.mark.parametrize("column", FOREIGN_KEYS)
def test_foreign_key(loaded: psycopg.Connection[Any], column: str) -> None:
    """References are foreign keys: a row pointing at nothing is refused"""
    error = attempt(loaded, FOREIGN_KEYS[column])
    assert isinstance(error, psycopg.errors.ForeignKeyViolation), (
        f"a row whose {column} points at no row was "
        + ("accepted" if error is None else f"refused for another reason ({error.diag.message_primary})")
        + f": declare {column} as a foreign key"
    )


ITEM = "INSERT INTO order_items (id, order_id, product_id, quantity, unit_price_cents) VALUES"
ORDER = "INSERT INTO orders (id, customer_id, status, placed_at, shipped_at) VALUES"
REFUND = "INSERT INTO refunds (id, order_item_id, quantity, amount_cents, refunded_at, reason) VALUES"
PRODUCT = "INSERT INTO products (id, sku, name, category, price_cents, active) VALUES"
CUSTOMER = "INSERT INTO customers (id, email, name, country, created_at) VALUES"
SOME_ITEM = "(SELECT min(id) FROM order_items)"

INVALID_ROWS = {
    "item quantity 0": f"{ITEM} ({NEW_ID}, {ORDER_WITHOUT_ITEMS}, 1, 0, 100)",
    "item negative quantity": f"{ITEM} ({NEW_ID}, {ORDER_WITHOUT_ITEMS}, 1, -2, 100)",
    "item negative price": f"{ITEM} ({NEW_ID}, {ORDER_WITHOUT_ITEMS}, 1, 1, -100)",
    "item without price": f"{ITEM} ({NEW_ID}, {ORDER_WITHOUT_ITEMS}, 1, 1, NULL)",
    "unknown order status": f"{ORDER} ({NEW_ID}, 1, 'refunded', now(), NULL)",
    "order without status": f"{ORDER} ({NEW_ID}, 1, NULL, now(), NULL)",
    "order without placed_at": f"{ORDER} ({NEW_ID}, 1, 'pending', NULL, NULL)",
    "shipped before placed": f"{ORDER} ({NEW_ID}, 1, 'shipped', now(), now() - interval '1 day')",
    "product negative price": f"{PRODUCT} ({NEW_ID}, 'SKU-NEW', 'New', 'toys', -1, true)",
    "product without sku": f"{PRODUCT} ({NEW_ID}, NULL, 'New', 'toys', 100, true)",
    "customer without email": f"{CUSTOMER} ({NEW_ID}, NULL, 'New', 'DE', now())",
    "refund amount 0": f"{REFUND} ({NEW_ID}, {SOME_ITEM}, 1, 0, now(), NULL)",
    "refund quantity 0": f"{REFUND} ({NEW_ID}, {SOME_ITEM}, 0, 100, now(), NULL)",
}


@pytest.mark.skill("database")
@pytest.mark.weight(0.75)
@pytest.mark.parametrize("case", INVALID_ROWS)
def test_rejects_invalid_row(loaded: psycopg.Connection[Any], case: str) -> None:
    """A row that breaks a rule of the brief is refused by the schema"""
    error = attempt(loaded, INVALID_ROWS[case])
    assert isinstance(error, psycopg.errors.IntegrityError | psycopg.errors.DataError), (
        f"the schema accepted a row with {case} ({INVALID_ROWS[case][:160]}…), which the brief forbids: "
        "add a NOT NULL or CHECK constraint"
        if error is None
        else f"a row with {case} was refused, but not by a constraint: {error.diag.message_primary}"
    )


DUPLICATES = {
    "customer email in other case": (
        f"{CUSTOMER} ({NEW_ID}, 'CUSTOMER42@example.com', 'Copy', NULL, now())",
        "customers.email is unique whatever its case (CUSTOMER42@example.com is customer 42's address)",
    ),
    "product sku": (
        f"{PRODUCT} ({NEW_ID}, 'SKU-00001', 'Copy', NULL, 100, true)",
        "products.sku is unique",
    ),
    "product twice in one order": (
        f"{ITEM} ({NEW_ID}, (SELECT order_id FROM order_items ORDER BY id LIMIT 1), "
        "(SELECT product_id FROM order_items ORDER BY id LIMIT 1), 1, 100)",
        "a product appears at most once per order: (order_id, product_id) is unique",
    ),
}


@pytest.mark.skill("database")
@pytest.mark.weight(1.5)
@pytest.mark.parametrize("case", DUPLICATES)
def test_rejects_duplicate(loaded: psycopg.Connection[Any], case: str) -> None:
    """Unique rules of the brief hold"""
    statement, rule = DUPLICATES[case]
    error = attempt(loaded, statement)
    assert isinstance(error, psycopg.errors.UniqueViolation), (
        f"a duplicate ({case}) was "
        + ("accepted" if error is None else f"refused for another reason ({error.diag.message_primary})")
        + f": {rule}"
    )


VALID_ROWS = {
    "guest order": f"{ORDER} ({NEW_ID}, NULL, 'pending', now(), NULL)",
    "order shipped the moment it was placed": f"{ORDER} ({NEW_ID}, 1, 'shipped', "
    "'2024-05-01 10:00+00', '2024-05-01 10:00+00')",
    "uncategorised product": f"{PRODUCT} ({NEW_ID}, 'SKU-NEW', 'New', NULL, 0, false)",
    "free gift item": f"{ITEM} ({NEW_ID}, {ORDER_WITHOUT_ITEMS}, 1, 1, 0)",
    "customer of unknown country": f"{CUSTOMER} ({NEW_ID}, 'new@example.com', 'New', NULL, now())",
    "refund without reason": f"{REFUND} ({NEW_ID}, {SOME_ITEM}, 1, 100, now(), NULL)",
}


@pytest.mark.skill("database")
@pytest.mark.weight(0.4)
@pytest.mark.parametrize("case", VALID_ROWS)
def test_accepts_valid_row(loaded: psycopg.Connection[Any], case: str) -> None:
    """A row the brief allows is accepted"""
    error = attempt(loaded, VALID_ROWS[case])
    assert error is None, f"a valid {case} was refused: {error.diag.message_primary if error else ''}"
