-- Applied on every start (see internal/db/db.go), so make each statement idempotent:
-- CREATE TABLE IF NOT EXISTS ..., CREATE INDEX IF NOT EXISTS ...
-- TODO: users, follows, articles, tags, favorites, comments: whatever your design needs.
SELECT 1;
