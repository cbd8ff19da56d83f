-- The service's tables. Their columns are the contract with the checkout, which writes the orders:
-- do not rename or drop them. Adding indexes, tables, views or triggers is yours to decide.
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

-- A customer's orders, newest first, ties by id: the page query reads the first rows of this index
-- and the keyset cursor starts where the last page ended, without counting past orders.
CREATE INDEX IF NOT EXISTS orders_customer_newest ON orders (customer_id, created_at DESC, id DESC);
-- An order's lines, for a page of orders at once and for the summary's join.
CREATE INDEX IF NOT EXISTS order_lines_order ON order_lines (order_id);
