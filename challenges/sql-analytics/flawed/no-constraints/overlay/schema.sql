-- Shop analytics schema: primary keys and indexes, but no foreign keys, checks, NOT NULLs or
-- unique rules ("the application validates its data").

CREATE TABLE customers (
    id          bigint PRIMARY KEY,
    email       text,
    name        text,
    country     char(2),
    created_at  timestamptz
);

CREATE TABLE products (
    id           bigint PRIMARY KEY,
    sku          text,
    name         text,
    category     text,
    price_cents  integer,
    active       boolean
);

CREATE TABLE orders (
    id           bigint PRIMARY KEY,
    customer_id  bigint,
    status       text,
    placed_at    timestamptz,
    shipped_at   timestamptz
);
CREATE INDEX orders_customer_id_placed_at_idx ON orders (customer_id, placed_at DESC);
CREATE INDEX orders_placed_at_idx ON orders (placed_at);

CREATE TABLE order_items (
    id                bigint PRIMARY KEY,
    order_id          bigint,
    product_id        bigint,
    quantity          integer,
    unit_price_cents  integer
);
CREATE INDEX order_items_order_id_idx ON order_items (order_id);
CREATE INDEX order_items_product_id_idx ON order_items (product_id);

CREATE TABLE refunds (
    id             bigint PRIMARY KEY,
    order_item_id  bigint,
    quantity       integer,
    amount_cents   integer,
    refunded_at    timestamptz,
    reason         text
);
CREATE INDEX refunds_order_item_id_idx ON refunds (order_item_id);
