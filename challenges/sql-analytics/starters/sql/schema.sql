-- The shop's tables. The column names and types are fixed: the grader inserts its data into
-- exactly these columns. Add the keys, constraints and indexes the brief asks for (and any
-- others you think belong here), but do not rename, drop or retype columns.

CREATE TABLE customers (
    id          bigint,
    email       text,
    name        text,
    country     char(2),
    created_at  timestamptz
);

CREATE TABLE products (
    id           bigint,
    sku          text,
    name         text,
    category     text,
    price_cents  integer,
    active       boolean
);

CREATE TABLE orders (
    id           bigint,
    customer_id  bigint,
    status       text,
    placed_at    timestamptz,
    shipped_at   timestamptz
);

CREATE TABLE order_items (
    id                bigint,
    order_id          bigint,
    product_id        bigint,
    quantity          integer,
    unit_price_cents  integer
);

CREATE TABLE refunds (
    id             bigint,
    order_item_id  bigint,
    quantity       integer,
    amount_cents   integer,
    refunded_at    timestamptz,
    reason         text
);
