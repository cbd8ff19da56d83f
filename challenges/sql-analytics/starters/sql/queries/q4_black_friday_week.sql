-- q4: sold orders, customers and revenue per day from 2024-11-25 to 2024-12-01 (Berlin time).
-- Columns: day, orders, customers, revenue_cents.
-- Order: day ascending. See the brief for the details.
SELECT 1 WHERE false;  -- replace with your query
