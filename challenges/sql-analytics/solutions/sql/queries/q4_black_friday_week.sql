-- Sold orders, distinct registered customers and revenue per day of 2024-11-25 .. 2024-12-01 (Berlin).
SELECT d.day::date AS day,
       count(DISTINCT s.order_id) AS orders,
       count(DISTINCT s.customer_id) AS customers,
       coalesce(sum(s.amount), 0)::bigint AS revenue_cents
FROM generate_series(date '2024-11-25', date '2024-12-01', interval '1 day') AS d(day)
LEFT JOIN (
    SELECT date_trunc('day', o.placed_at AT TIME ZONE 'Europe/Berlin') AS day,
           o.id AS order_id,
           o.customer_id,
           oi.quantity * oi.unit_price_cents::bigint AS amount
    FROM orders o
    JOIN order_items oi ON oi.order_id = o.id
    WHERE o.status IN ('paid', 'shipped', 'delivered')
      AND o.placed_at >= timestamptz '2024-11-25 00:00:00 Europe/Berlin'
      AND o.placed_at <  timestamptz '2024-12-02 00:00:00 Europe/Berlin'
) s ON s.day = d.day
GROUP BY d.day
ORDER BY d.day;
