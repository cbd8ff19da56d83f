-- Per category, the best-selling product of 2024 (Berlin time).
-- For every category, a correlated subquery adds up that category's sales all over again.
SELECT c.category, best.product_id, best.sku, best.units
FROM (SELECT DISTINCT coalesce(category, 'uncategorised') AS category FROM products) c
CROSS JOIN LATERAL (
    SELECT p.id AS product_id, p.sku, sum(oi.quantity)::bigint AS units
    FROM order_items oi
    JOIN orders o ON o.id = oi.order_id
    JOIN products p ON p.id = oi.product_id
    WHERE coalesce(p.category, 'uncategorised') = c.category
      AND o.status IN ('paid', 'shipped', 'delivered')
      AND o.placed_at >= timestamptz '2024-01-01 00:00:00 Europe/Berlin'
      AND o.placed_at <  timestamptz '2025-01-01 00:00:00 Europe/Berlin'
    GROUP BY p.id, p.sku
    ORDER BY units DESC, p.id
    LIMIT 1
) best
ORDER BY c.category;
