-- Applied on every start (see DatabaseConfig.java), so make each statement idempotent:
-- CREATE TABLE IF NOT EXISTS ..., CREATE INDEX IF NOT EXISTS ...
-- TODO: accounts, transfers, and whatever else your design needs.
SELECT 1;
