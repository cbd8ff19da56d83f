-- Checks that the schema refuses rows the brief forbids. Each block tries one bad write and
-- raises an error if it was accepted; run by tests/run.sh after seed.sql. Add your own.
CREATE FUNCTION pg_temp.refused(statement text, why text) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    BEGIN
        EXECUTE statement;
    EXCEPTION WHEN integrity_constraint_violation OR data_exception THEN
        RETURN;  -- refused, as it should be
    END;
    RAISE EXCEPTION 'accepted a row that must be refused: %', why;
END $$;

SELECT pg_temp.refused(
    $q$INSERT INTO order_items (id, order_id, product_id, quantity, unit_price_cents) VALUES (9001, 117, 1, 0, 100)$q$,
    'an order item with quantity 0');
SELECT pg_temp.refused(
    $q$INSERT INTO customers (id, email, name, created_at) VALUES (9001, 'ANA@example.com', 'Copy', now())$q$,
    'a second customer with ana@example.com in other case');
SELECT pg_temp.refused(
    $q$INSERT INTO orders (id, customer_id, status, placed_at) VALUES (9001, 999999, 'pending', now())$q$,
    'an order of a customer that does not exist');
