-- The contract's tables, as the checkout writes them.
CREATE TABLE IF NOT EXISTS customers (
    id     bigserial PRIMARY KEY,
    name   text NOT NULL,
    region text NOT NULL
);

CREATE TABLE IF NOT EXISTS orders (
    id          bigserial PRIMARY KEY,
    customer_id bigint NOT NULL REFERENCES customers (id),
    status      text NOT NULL CHECK (status IN ('pending', 'paid', 'refunded')),
    created_at  timestamptz NOT NULL
);

CREATE TABLE IF NOT EXISTS order_lines (
    id               bigserial PRIMARY KEY,
    order_id         bigint NOT NULL REFERENCES orders (id),
    sku              text NOT NULL,
    quantity         integer NOT NULL CHECK (quantity > 0),
    unit_price_cents integer NOT NULL CHECK (unit_price_cents >= 0)
);

-- Read backwards, this index gives a customer's orders newest first with ties by id.
CREATE INDEX IF NOT EXISTS orders_by_customer_time ON orders (customer_id, created_at, id);
-- Covering: an order's lines come from the index alone, already in line order.
CREATE INDEX IF NOT EXISTS order_lines_by_order ON order_lines (order_id, id) INCLUDE (sku, quantity, unit_price_cents);
