-- Applied on every start (see internal/db/db.go), so make each statement idempotent:
-- CREATE TABLE IF NOT EXISTS ..., CREATE INDEX IF NOT EXISTS ...
-- TODO: rooms, bookings, and whatever else your design needs.
SELECT 1;
