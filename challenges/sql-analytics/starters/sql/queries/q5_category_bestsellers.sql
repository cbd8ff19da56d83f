-- q5: per category, the product with the most units sold in 2024 (Berlin time).
-- Columns: category, product_id, sku, units.
-- Order: category ascending. See the brief for the details.
SELECT 1 WHERE false;  -- replace with your query
