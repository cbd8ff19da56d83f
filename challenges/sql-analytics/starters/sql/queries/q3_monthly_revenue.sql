-- q3: sold orders and revenue per calendar month of 2024 (Berlin time), all 12 months.
-- Columns: month, orders, revenue_cents.
-- Order: month ascending. See the brief for the details.
SELECT 1 WHERE false;  -- replace with your query
