-- Applied on every start: every statement is idempotent.
CREATE TABLE IF NOT EXISTS accounts (
  id          bigserial   PRIMARY KEY,
  owner       varchar(100) NOT NULL,
  balance     bigint      NOT NULL DEFAULT 0 CONSTRAINT balance_not_negative CHECK (balance >= 0),
  created_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE IF NOT EXISTS transfers (
  id               bigserial   PRIMARY KEY,
  from_account_id  bigint      NOT NULL REFERENCES accounts (id),
  to_account_id    bigint      NOT NULL REFERENCES accounts (id),
  amount           bigint      NOT NULL CHECK (amount > 0),
  idempotency_key  varchar(200),
  created_at       timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT transfers_idempotency_key_unique UNIQUE (idempotency_key),
  CONSTRAINT transfers_between_two_accounts CHECK (from_account_id <> to_account_id)
);

CREATE INDEX IF NOT EXISTS transfers_from_account_idx ON transfers (from_account_id, id DESC);
CREATE INDEX IF NOT EXISTS transfers_to_account_idx ON transfers (to_account_id, id DESC);
