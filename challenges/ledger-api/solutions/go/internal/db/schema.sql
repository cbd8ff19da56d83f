-- Applied on every start (internal/db/db.go): every statement is idempotent.
CREATE TABLE IF NOT EXISTS accounts (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    owner       text        NOT NULL CHECK (length(owner) BETWEEN 1 AND 100),
    balance     bigint      NOT NULL CHECK (balance >= 0),
    created_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE IF NOT EXISTS transfers (
    id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    from_account_id  bigint      NOT NULL REFERENCES accounts (id),
    to_account_id    bigint      NOT NULL REFERENCES accounts (id),
    amount           bigint      NOT NULL CHECK (amount > 0),
    -- NULL for requests without an Idempotency-Key; a unique constraint allows many NULLs.
    idempotency_key  text        UNIQUE CHECK (length(idempotency_key) BETWEEN 1 AND 200),
    created_at       timestamptz NOT NULL DEFAULT now(),
    CHECK (from_account_id <> to_account_id)
);

-- GET /accounts/{id}/transfers reads both directions, newest first.
CREATE INDEX IF NOT EXISTS transfers_from_idx ON transfers (from_account_id, id DESC);
CREATE INDEX IF NOT EXISTS transfers_to_idx ON transfers (to_account_id, id DESC);
