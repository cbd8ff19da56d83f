-- Applied on every start; each statement is idempotent.
-- btree_gist lets one exclusion constraint combine "same room" (=) with "overlapping time" (&&).
CREATE EXTENSION IF NOT EXISTS btree_gist;

CREATE TABLE IF NOT EXISTS rooms (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name        text        NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
    capacity    integer     NOT NULL CHECK (capacity BETWEEN 1 AND 1000),
    version     integer     NOT NULL DEFAULT 1,
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now()
);
-- Room names are unique regardless of case ("Atlas" and "atlas" would confuse people).
CREATE UNIQUE INDEX IF NOT EXISTS rooms_name_unique ON rooms (lower(name));
CREATE INDEX IF NOT EXISTS rooms_name_id ON rooms (name, id);

CREATE TABLE IF NOT EXISTS bookings (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    room_id     bigint      NOT NULL REFERENCES rooms (id) ON DELETE CASCADE,
    title       text        NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
    attendees   integer     NOT NULL DEFAULT 1 CHECK (attendees >= 1),
    starts_at   timestamptz NOT NULL,
    ends_at     timestamptz NOT NULL,
    status      text        NOT NULL DEFAULT 'confirmed' CHECK (status IN ('confirmed', 'cancelled')),
    version     integer     NOT NULL DEFAULT 1,
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT bookings_ends_after_start CHECK (ends_at > starts_at),
    -- The invariant lives in the database, so two concurrent requests cannot both win.
    -- '[)' makes intervals half-open: a booking ending at 10:00 does not clash with one starting at 10:00.
    CONSTRAINT bookings_no_overlap EXCLUDE USING gist (
        room_id WITH =, tstzrange(starts_at, ends_at, '[)') WITH &&
    ) WHERE (status = 'confirmed')
);
CREATE INDEX IF NOT EXISTS bookings_starts_at_id ON bookings (starts_at, id);

-- Responses of POST /bookings remembered per Idempotency-Key.
CREATE TABLE IF NOT EXISTS idempotency_keys (
    key           text        PRIMARY KEY CHECK (length(key) BETWEEN 1 AND 255),
    request_hash  text        NOT NULL,
    status_code   integer,
    body          jsonb,
    location      text,
    created_at    timestamptz NOT NULL DEFAULT now()
);
