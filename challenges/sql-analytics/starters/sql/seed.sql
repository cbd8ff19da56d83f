-- A small shop to try your queries on (the graded data set is about 1.7 million rows generated
-- by the same rules; see the brief). Times carry their offset; the shop's time zone is Europe/Berlin.

INSERT INTO customers (id, email, name, country, created_at) VALUES
    (1,    'ana@example.com',     'Ana Lima',      'PT', '2023-02-01 10:00+00'),
    (2,    'Ben@Example.com',     'Ben Okafor',    'DE', '2023-05-12 08:30+00'),
    (3,    'chloe@example.org',   'Chloé Martin',  'FR', '2024-01-20 19:00+00'),
    (4,    'dev@example.net',     'Dev Patel',     NULL, '2024-03-03 12:00+00'),
    (5,    'eva@example.de',      'Eva Schmidt',   'DE', '2024-06-30 22:15+00'),
    (4242, 'frank@example.com',   'Frank Weber',   'AT', '2022-11-11 11:11+00');

INSERT INTO products (id, sku, name, category, price_cents, active) VALUES
    (1, 'SKU-00001', 'Noise-cancelling headphones', 'audio',   19900, true),
    (2, 'SKU-00002', 'Bluetooth speaker',           'audio',    4900, true),
    (3, 'SKU-00003', 'Paperback: SQL in practice',  'books',    2900, true),
    (4, 'SKU-00004', 'Chef''s knife',               'kitchen',  8900, true),
    (5, 'SKU-00005', 'Mystery box',                 NULL,       1500, true),
    (6, 'SKU-00006', 'Old phone case',              'phones',    900, false);

-- customer_id NULL is a guest checkout. shipped_at is set once an order ships.
INSERT INTO orders (id, customer_id, status, placed_at, shipped_at) VALUES
    (101, 1,    'delivered', '2023-12-31 23:30+01', '2024-01-02 09:00+01'),  -- 2023 in Berlin, 2023 in UTC
    (102, 1,    'delivered', '2024-01-01 00:10+01', '2024-01-03 09:00+01'),  -- 2024 in Berlin, 2023 in UTC!
    (103, 2,    'shipped',   '2024-02-29 12:00+01', '2024-03-01 08:00+01'),
    (104, 2,    'cancelled', '2024-03-15 09:00+01', NULL),
    (105, NULL, 'paid',      '2024-03-31 01:30+02', NULL),                   -- March in Berlin, March in UTC
    (106, 3,    'delivered', '2024-04-01 00:30+02', '2024-04-02 10:00+02'),  -- April in Berlin, March in UTC!
    (107, 4,    'delivered', '2024-07-15 14:00+02', '2024-07-16 10:00+02'),
    (108, 5,    'delivered', '2024-11-29 00:05+01', '2024-11-30 10:00+01'),  -- Black Friday in Berlin
    (109, NULL, 'paid',      '2024-11-28 23:55+01', NULL),
    (110, 3,    'shipped',   '2024-11-29 18:00+01', '2024-12-01 10:00+01'),
    (111, 5,    'pending',   '2024-11-30 11:00+01', NULL),
    (112, 4,    'delivered', '2024-12-31 23:45+01', '2025-01-03 10:00+01'),  -- 2024 in Berlin
    (113, 1,    'delivered', '2025-01-01 00:20+01', '2025-01-03 10:00+01'),  -- 2025 in Berlin, 2024 in UTC!
    (114, 4242, 'delivered', '2024-05-05 10:00+02', '2024-05-06 10:00+02'),
    (115, 4242, 'paid',      '2024-12-24 18:30+01', NULL),
    (116, 4242, 'cancelled', '2024-12-24 18:30+01', NULL),                   -- same instant as 115
    (117, 4242, 'pending',   '2025-06-20 10:00+02', NULL);                   -- no items yet

INSERT INTO order_items (id, order_id, product_id, quantity, unit_price_cents) VALUES
    (1001, 101, 1, 1, 19900),
    (1002, 102, 2, 2,  4900),
    (1003, 102, 3, 1,  2900),
    (1004, 103, 4, 1,  8900),
    (1005, 104, 1, 1, 19900),
    (1006, 105, 5, 3,  1500),
    (1007, 106, 2, 1,  3920),   -- sold at a discount
    (1008, 106, 3, 2,  2900),
    (1009, 107, 1, 2, 19900),
    (1010, 108, 2, 1,  4900),
    (1011, 108, 4, 1,  8900),
    (1012, 109, 5, 1,  1500),
    (1013, 110, 3, 3,  2900),
    (1014, 111, 1, 1, 19900),
    (1015, 112, 4, 2,  8900),
    (1016, 113, 2, 1,  4900),
    (1017, 114, 3, 1,  2900),
    (1018, 114, 6, 1,     0),   -- a free gift
    (1019, 115, 5, 2,  1500),
    (1020, 116, 1, 1, 19900);

-- Item 1009 was refunded twice (one unit each time); 1002 once; reason may be unknown.
INSERT INTO refunds (id, order_item_id, quantity, amount_cents, refunded_at, reason) VALUES
    (1, 1009, 1, 19900, '2024-08-01 10:00+02', 'damaged'),
    (2, 1009, 1, 19900, '2024-08-20 10:00+02', NULL),
    (3, 1002, 1,  4900, '2024-01-20 10:00+01', 'changed mind');
