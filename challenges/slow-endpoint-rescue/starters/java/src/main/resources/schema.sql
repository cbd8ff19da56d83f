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
