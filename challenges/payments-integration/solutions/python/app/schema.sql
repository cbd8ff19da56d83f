CREATE TABLE IF NOT EXISTS orders (
    id              bigserial PRIMARY KEY,
    amount          integer NOT NULL CHECK (amount > 0),
    currency        char(3) NOT NULL,
    -- One key per order, sent on every attempt: the provider makes one payment however often we retry.
    idempotency_key uuid NOT NULL UNIQUE,
    -- The provider's payment id (pay_...): an id in another system, so no foreign key.
    provider_payment text UNIQUE,
    payment_status  text NOT NULL DEFAULT 'pending' CHECK (payment_status IN ('pending', 'succeeded', 'failed')),
    -- The payment version of the last status applied: an older event arriving late never rolls it back.
    status_version  integer NOT NULL DEFAULT 0,
    refunded_amount integer NOT NULL DEFAULT 0 CHECK (refunded_amount >= 0),
    created_at      timestamptz NOT NULL DEFAULT now()
);

-- Every webhook event applied, by the provider's event id: a redelivery is acknowledged and skipped.
CREATE TABLE IF NOT EXISTS webhook_events (
    id          text PRIMARY KEY,
    type        text NOT NULL,
    received_at timestamptz NOT NULL DEFAULT now()
);
