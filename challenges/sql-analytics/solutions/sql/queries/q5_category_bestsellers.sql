-- Per category (NULL as 'uncategorised'), the product with the most units sold in 2024 (Berlin);
-- ties go to the lowest product id.
WITH units AS (
    SELECT oi.product_id, sum(oi.quantity)::bigint AS units
    FROM order_items oi
    JOIN orders o ON o.id = oi.order_id
    WHERE o.status IN ('paid', 'shipped', 'delivered')
      AND o.placed_at >= timestamptz '2024-01-01 00:00:00 Europe/Berlin'
      AND o.placed_at <  timestamptz '2025-01-01 00:00:00 Europe/Berlin'
    GROUP BY oi.product_id
)
SELECT DISTINCT ON (coalesce(p.category, 'uncategorised'))
       coalesce(p.category, 'uncategorised') AS category,
       p.id AS product_id,
       p.sku,
       u.units
FROM units u
JOIN products p ON p.id = u.product_id
ORDER BY coalesce(p.category, 'uncategorised'), u.units DESC, p.id;
