-- Applied on every start; each statement is idempotent.
CREATE TABLE IF NOT EXISTS rooms (
    id          bigserial   PRIMARY KEY,
    name        text        NOT NULL CHECK (char_length(name) BETWEEN 1 AND 100),
    capacity    integer     NOT NULL CHECK (capacity BETWEEN 1 AND 1000),
    created_at  timestamptz NOT NULL DEFAULT clock_timestamp(),
    updated_at  timestamptz NOT NULL DEFAULT clock_timestamp()
);
-- "Atlas" and "atlas" are the same room to the people booking it.
CREATE UNIQUE INDEX IF NOT EXISTS rooms_lower_name_key ON rooms (lower(name));
CREATE INDEX IF NOT EXISTS rooms_name_id_idx ON rooms (name, id);
CREATE INDEX IF NOT EXISTS rooms_capacity_id_idx ON rooms (capacity, id);

-- A room goes with its history: deleting a room (only allowed without confirmed bookings,
-- checked in rooms.py) removes its cancelled bookings too.
CREATE TABLE IF NOT EXISTS bookings (
    id          bigserial   PRIMARY KEY,
    room_id     bigint      NOT NULL REFERENCES rooms (id) ON DELETE CASCADE,
    title       text        NOT NULL CHECK (char_length(title) BETWEEN 1 AND 200),
    attendees   integer     NOT NULL DEFAULT 1 CHECK (attendees >= 1),
    starts_at   timestamptz NOT NULL,
    ends_at     timestamptz NOT NULL,
    status      text        NOT NULL DEFAULT 'confirmed' CHECK (status IN ('confirmed', 'cancelled')),
    created_at  timestamptz NOT NULL DEFAULT clock_timestamp(),
    updated_at  timestamptz NOT NULL DEFAULT clock_timestamp(),
    CHECK (ends_at > starts_at),
    CHECK (ends_at - starts_at <= interval '4 hours')
);
CREATE INDEX IF NOT EXISTS bookings_room_time_idx ON bookings (room_id, starts_at, ends_at);
CREATE INDEX IF NOT EXISTS bookings_starts_id_idx ON bookings (starts_at, id);

-- The first successful answer to each Idempotency-Key of POST /bookings.
CREATE TABLE IF NOT EXISTS idempotent_requests (
    key          text        PRIMARY KEY,
    fingerprint  text        NOT NULL,
    status       integer     NOT NULL,
    body         jsonb       NOT NULL,
    location     text        NOT NULL,
    created_at   timestamptz NOT NULL DEFAULT now()
);
