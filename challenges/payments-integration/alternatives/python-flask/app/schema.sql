CREATE TABLE IF NOT EXISTS payment_orders (
    -- The order's id is also its Idempotency-Key at the provider: one key per order, by construction.
    id               uuid PRIMARY KEY,
    amount_cents     integer NOT NULL CHECK (amount_cents > 0),
    currency         char(3) NOT NULL,
    provider_payment text UNIQUE,
    payment_status   text NOT NULL DEFAULT 'pending',
    refunded_amount  integer NOT NULL DEFAULT 0,
    created_at       timestamptz NOT NULL DEFAULT now()
);

-- Refunds by the provider's refund id: the same refund told twice is counted once.
CREATE TABLE IF NOT EXISTS refunds (
    refund_id        text PRIMARY KEY,
    provider_payment text NOT NULL,
    amount_cents     integer NOT NULL
);
