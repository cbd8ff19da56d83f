-- The data set: 2,000 customers, 100,000 orders (50 a customer), 200,000 order lines.
-- Deterministic, so every run sees the same data; created_at repeats within a customer (20 distinct
-- times for 50 orders), as real timestamps do, so ordering must break ties by id.
-- Run it once the service has created its tables: `make seed` (psql "$DATABASE_URL" -f seed.sql).
INSERT INTO customers (id, name, region)
SELECT i, 'Customer ' || i, (ARRAY['north', 'south', 'east', 'west'])[1 + i % 4]
FROM generate_series(1, 2000) AS i;

INSERT INTO orders (id, customer_id, status, created_at)
SELECT i,
       1 + (i * 7919) % 2000,
       CASE WHEN (i + i / 2000 * 3) % 10 < 7 THEN 'paid' WHEN (i + i / 2000 * 3) % 10 < 9 THEN 'pending'
            ELSE 'refunded' END,
       timestamptz '2026-01-01 09:00:00+00' + (i + i / 2000 * 7) % 20 * interval '1 day'
           + (i * 7919) % 2000 % 24 * interval '1 hour'
FROM generate_series(1, 100000) AS i;

INSERT INTO order_lines (order_id, sku, quantity, unit_price_cents)
SELECT o.id, 'SKU-' || lpad(((o.id * 13 + n) % 500)::text, 3, '0'), 1 + (o.id + n) % 4,
       100 + (o.id * 37 + n * 11) % 9900
FROM generate_series(1, 100000) AS o(id), generate_series(1, 1 + o.id % 3) AS n;

SELECT setval(pg_get_serial_sequence('customers', 'id'), 2000);
SELECT setval(pg_get_serial_sequence('orders', 'id'), 100000);
ANALYZE customers;
ANALYZE orders;
ANALYZE order_lines;
