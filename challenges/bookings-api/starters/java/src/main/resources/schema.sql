-- Applied on every start (see DatabaseConfig.java), so make each statement idempotent:
-- CREATE TABLE IF NOT EXISTS ..., CREATE INDEX IF NOT EXISTS ...
-- TODO: rooms, bookings, and whatever else your design needs.
SELECT 1;
