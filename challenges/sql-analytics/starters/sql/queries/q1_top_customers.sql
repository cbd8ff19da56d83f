-- q1: the 10 registered customers with the highest net revenue in 2024 (Berlin time).
-- Columns: customer_id, email, orders, net_revenue_cents.
-- Order: net_revenue_cents descending, then customer_id ascending. See the brief for the details.
SELECT 1 WHERE false;  -- replace with your query
