package bookings

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"strconv"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"bookings/internal/db"
	"bookings/internal/httpx"
	"bookings/internal/rooms"
)

const (
	columns       = "id, room_id, title, attendees, starts_at, ends_at, status, version, created_at, updated_at"
	selectBooking = "SELECT " + columns + " FROM bookings WHERE id = $1"
	insertBooking = "INSERT INTO bookings (room_id, title, attendees, starts_at, ends_at)" +
		" VALUES ($1, $2, $3, $4, $5) RETURNING " + columns
	updateBooking = "UPDATE bookings SET title = $1, attendees = $2, starts_at = $3, ends_at = $4," +
		" version = version + 1, updated_at = now() WHERE id = $5 RETURNING " + columns
	cancelBooking = "UPDATE bookings SET status = 'cancelled', version = version + 1, updated_at = now() WHERE id = $1"
)

// NewBooking is a validated POST /bookings body (attendees defaulted, times in UTC).
type NewBooking struct {
	RoomID    int64     `json:"room_id"`
	Title     string    `json:"title"`
	Attendees int       `json:"attendees"`
	StartsAt  time.Time `json:"starts_at"`
	EndsAt    time.Time `json:"ends_at"`
}

// Changes are the fields a PATCH sent; nil means unchanged.
type Changes struct {
	Title     *string
	Attendees *int
	StartsAt  *time.Time
	EndsAt    *time.Time
}

// Created is the outcome of a POST: a new booking, or the replay of an earlier response.
type Created struct {
	Booking Booking
	Replay  *Replay
}

// Store runs the booking queries on a pool; Now is the clock the "not in the past" rule reads.
type Store struct {
	Pool *pgxpool.Pool
	Now  func() time.Time
}

func scan(row pgx.Row) (Booking, error) {
	var b Booking
	err := row.Scan(&b.ID, &b.RoomID, &b.Title, &b.Attendees, &b.StartsAt, &b.EndsAt,
		&b.Status, &b.Version, &b.CreatedAt, &b.UpdatedAt)
	b.StartsAt, b.EndsAt = b.StartsAt.UTC(), b.EndsAt.UTC()
	b.CreatedAt, b.UpdatedAt = b.CreatedAt.UTC(), b.UpdatedAt.UTC()
	return b, err
}

// Find reads one booking (cancelled ones too), optionally locking it; 404 if unknown.
func Find(ctx context.Context, q db.Querier, id int64, lock bool) (Booking, error) {
	query := selectBooking
	if lock {
		query = selectBooking + " FOR UPDATE"
	}
	booking, err := scan(q.QueryRow(ctx, query, id))
	if errors.Is(err, pgx.ErrNoRows) {
		return booking, httpx.NotFound("Booking " + strconv.FormatInt(id, 10) + " does not exist")
	}
	return booking, err
}

// Create books a room. With an idempotency key ("" for none) a repeated request replays the
// first response instead of booking again.
func (s Store) Create(ctx context.Context, in NewBooking, key string) (Created, error) {
	var out Created
	err := pgx.BeginFunc(ctx, s.Pool, func(tx pgx.Tx) error {
		if key != "" {
			replay, err := claim(ctx, tx, key, in)
			if err != nil || replay != nil {
				out.Replay = replay
				return err
			}
		}
		booking, err := s.insert(ctx, tx, in)
		if err != nil {
			return err
		}
		out.Booking = booking
		if key != "" {
			return remember(ctx, tx, key, http.StatusCreated, booking, Location(booking.ID))
		}
		return nil
	})
	return out, err
}

func (s Store) insert(ctx context.Context, tx pgx.Tx, in NewBooking) (Booking, error) {
	room, err := rooms.Find(ctx, tx, in.RoomID, false)
	if httpx.IsStatus(err, http.StatusNotFound) {
		return Booking{}, unknownRoom(in.RoomID)
	}
	if err != nil {
		return Booking{}, err
	}
	if err := CheckTimes(in.StartsAt, in.EndsAt, s.Now(), true); err != nil {
		return Booking{}, err
	}
	if err := CheckCapacity(room, in.Attendees); err != nil {
		return Booking{}, err
	}
	booking, err := scan(tx.QueryRow(ctx, insertBooking, in.RoomID, in.Title, in.Attendees, in.StartsAt, in.EndsAt))
	switch {
	case db.IsCode(err, db.ExclusionViolation):
		return booking, overlap(in.RoomID)
	case db.IsCode(err, db.ForeignKeyViolation): // the room was deleted meanwhile
		return booking, unknownRoom(in.RoomID)
	}
	return booking, err
}

// Update moves or renames a booking under the same rules as a new one; 404, 409, 412 or 422 otherwise.
func (s Store) Update(ctx context.Context, id int64, changes Changes, ifMatch func(version int) error) (Booking, error) {
	var updated Booking
	err := pgx.BeginFunc(ctx, s.Pool, func(tx pgx.Tx) error {
		current, err := Find(ctx, tx, id, true)
		if err != nil {
			return err
		}
		if err := ifMatch(current.Version); err != nil {
			return err
		}
		if current.Status == Cancelled {
			return httpx.Conflict("Booking " + strconv.FormatInt(id, 10) + " is cancelled and cannot be changed")
		}
		next := merge(current, changes)
		if err := CheckTimes(next.StartsAt, next.EndsAt, s.Now(), changes.StartsAt != nil); err != nil {
			return err
		}
		room, err := rooms.Find(ctx, tx, current.RoomID, false)
		if err != nil {
			return err
		}
		if err := CheckCapacity(room, next.Attendees); err != nil {
			return err
		}
		updated, err = scan(tx.QueryRow(ctx, updateBooking, next.Title, next.Attendees, next.StartsAt, next.EndsAt, id))
		if db.IsCode(err, db.ExclusionViolation) {
			return overlap(current.RoomID)
		}
		return err
	})
	return updated, err
}

func merge(b Booking, changes Changes) Booking {
	if changes.Title != nil {
		b.Title = *changes.Title
	}
	if changes.Attendees != nil {
		b.Attendees = *changes.Attendees
	}
	if changes.StartsAt != nil {
		b.StartsAt = *changes.StartsAt
	}
	if changes.EndsAt != nil {
		b.EndsAt = *changes.EndsAt
	}
	return b
}

// Cancel marks a booking cancelled (it stays readable) and so frees its slot; cancelling twice is fine.
func (s Store) Cancel(ctx context.Context, id int64, ifMatch func(version int) error) error {
	return pgx.BeginFunc(ctx, s.Pool, func(tx pgx.Tx) error {
		booking, err := Find(ctx, tx, id, true)
		if err != nil {
			return err
		}
		if err := ifMatch(booking.Version); err != nil {
			return err
		}
		if booking.Status == Confirmed {
			_, err = tx.Exec(ctx, cancelBooking, id)
		}
		return err
	})
}

// ListParams are the validated query parameters of GET /bookings.
type ListParams struct {
	RoomID *int64
	Status string
	From   *time.Time
	To     *time.Time
	Sort   string
	Limit  int
	Cursor string
}

// SortNames are the accepted values of ?sort=, default first.
var SortNames = []string{"starts_at", "-starts_at"}

// List returns one page of bookings filtered by room, status and the window [from, to)
// (the bookings that overlap it), ordered by starts_at then id.
func (s Store) List(ctx context.Context, p ListParams) (httpx.Page[Booking], error) {
	desc := p.Sort == "-starts_at"
	query := new(db.Builder).SQL("SELECT " + columns + " FROM bookings")
	where := query.Where()
	if p.RoomID != nil {
		where.And().SQL("room_id = ").Arg(*p.RoomID)
	}
	if p.Status != "" {
		where.And().SQL("status = ").Arg(p.Status)
	}
	if p.From != nil {
		where.And().SQL("ends_at > ").Arg(*p.From)
	}
	if p.To != nil {
		where.And().SQL("starts_at < ").Arg(*p.To)
	}
	if p.Cursor != "" {
		after, lastID, err := decodeCursor(p.Cursor, p.Sort)
		if err != nil {
			return httpx.Page[Booking]{}, err
		}
		where.And().After("starts_at", desc, after, lastID)
	}
	query.OrderBy("starts_at", desc, p.Limit+1)

	rows, err := s.Pool.Query(ctx, query.String(), query.Args()...)
	if err != nil {
		return httpx.Page[Booking]{}, err
	}
	list, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (Booking, error) { return scan(row) })
	if err != nil {
		return httpx.Page[Booking]{}, err
	}
	return httpx.NewPage(list, p.Limit, func(last Booking) (string, error) {
		return httpx.EncodeCursor(p.Sort, last.StartsAt.Format(time.RFC3339Nano), last.ID)
	})
}

func decodeCursor(cursor, sort string) (time.Time, int64, error) {
	raw, lastID, err := httpx.DecodeCursor(cursor, sort)
	if err != nil {
		return time.Time{}, 0, err
	}
	var text string
	if json.Unmarshal(raw, &text) != nil {
		return time.Time{}, 0, httpx.BadCursor()
	}
	after, err := time.Parse(time.RFC3339Nano, text)
	if err != nil {
		return time.Time{}, 0, httpx.BadCursor()
	}
	return after, lastID, nil
}

// Location is the URL of a booking.
func Location(id int64) string {
	return "/bookings/" + strconv.FormatInt(id, 10)
}
