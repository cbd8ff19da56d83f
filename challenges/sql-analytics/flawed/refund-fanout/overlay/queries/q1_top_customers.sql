-- The 10 registered customers with the highest net revenue in 2024 (Berlin time).
-- Refunds are joined to the items row by row: an item refunded twice is counted twice.
SELECT o.customer_id,
       c.email,
       count(DISTINCT o.id) AS orders,
       (sum(oi.quantity * oi.unit_price_cents::bigint) - coalesce(sum(r.amount_cents), 0))::bigint
           AS net_revenue_cents
FROM orders o
JOIN customers c ON c.id = o.customer_id
JOIN order_items oi ON oi.order_id = o.id
LEFT JOIN refunds r ON r.order_item_id = oi.id
WHERE o.status IN ('paid', 'shipped', 'delivered')
  AND o.placed_at >= timestamptz '2024-01-01 00:00:00 Europe/Berlin'
  AND o.placed_at <  timestamptz '2025-01-01 00:00:00 Europe/Berlin'
GROUP BY o.customer_id, c.email
ORDER BY net_revenue_cents DESC, o.customer_id
LIMIT 10;
