-- Every order of customer 4242, newest first, with its item count and total.
SELECT o.id AS order_id,
       o.placed_at,
       o.status,
       coalesce(sum(oi.quantity), 0)::bigint AS items,
       coalesce(sum(oi.quantity * oi.unit_price_cents::bigint), 0)::bigint AS total_cents
FROM orders o
LEFT JOIN order_items oi ON oi.order_id = o.id
WHERE o.customer_id = 4242
GROUP BY o.id, o.placed_at, o.status
ORDER BY o.placed_at DESC, o.id DESC;
