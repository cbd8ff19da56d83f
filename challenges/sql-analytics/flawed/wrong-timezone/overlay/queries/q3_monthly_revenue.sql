-- Sold orders and their revenue per calendar month of 2024 (months taken in UTC, the server's zone).
SELECT m.month::date AS month,
       count(DISTINCT s.order_id) AS orders,
       coalesce(sum(s.amount), 0)::bigint AS revenue_cents
FROM generate_series(date '2024-01-01', date '2024-12-01', interval '1 month') AS m(month)
LEFT JOIN (
    SELECT date_trunc('month', o.placed_at) AS month,
           o.id AS order_id,
           oi.quantity * oi.unit_price_cents::bigint AS amount
    FROM orders o
    JOIN order_items oi ON oi.order_id = o.id
    WHERE o.status IN ('paid', 'shipped', 'delivered')
      AND o.placed_at >= timestamptz '2024-01-01 00:00:00+00'
      AND o.placed_at <  timestamptz '2025-01-01 00:00:00+00'
) s ON s.month = m.month
GROUP BY m.month
ORDER BY m.month;
