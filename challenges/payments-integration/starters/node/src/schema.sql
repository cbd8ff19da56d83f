-- Your tables. Applied at start-up (app/db.py), so keep every statement safe to run twice.
CREATE TABLE IF NOT EXISTS orders (
    id bigserial PRIMARY KEY
);
