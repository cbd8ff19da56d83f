-- q2: every order of customer 4242, newest first.
-- Columns: order_id, placed_at, status, items, total_cents.
-- Order: placed_at descending, then order_id descending. See the brief for the details.
SELECT 1 WHERE false;  -- replace with your query
