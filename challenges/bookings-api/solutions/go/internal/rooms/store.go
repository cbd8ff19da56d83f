// Package rooms is the /rooms resource: create, list (search, sort, cursor pagination), read,
// update and delete.
package rooms

import (
	"context"
	"encoding/json"
	"errors"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"bookings/internal/db"
	"bookings/internal/httpx"
)

// Room as the API shows it; Version is the ETag.
type Room struct {
	ID        int64     `json:"id"`
	Name      string    `json:"name"`
	Capacity  int       `json:"capacity"`
	Version   int       `json:"-"`
	CreatedAt time.Time `json:"created_at"`
	UpdatedAt time.Time `json:"updated_at"`
}

const (
	columns    = "id, name, capacity, version, created_at, updated_at"
	selectRoom = "SELECT " + columns + " FROM rooms WHERE id = $1"
	insertRoom = "INSERT INTO rooms (name, capacity) VALUES ($1, $2) RETURNING " + columns
	updateRoom = "UPDATE rooms SET name = $1, capacity = $2, version = version + 1, updated_at = now()" +
		" WHERE id = $3 RETURNING " + columns
	deleteRoom   = "DELETE FROM rooms WHERE id = $1"
	hasConfirmed = "SELECT EXISTS (SELECT 1 FROM bookings WHERE room_id = $1 AND status = 'confirmed')"
)

// sortOrder is one of the documented sorts; column and direction are constant SQL.
type sortOrder struct {
	column string
	desc   bool
}

var sorts = map[string]sortOrder{
	"name":      {"name", false},
	"-name":     {"name", true},
	"capacity":  {"capacity", false},
	"-capacity": {"capacity", true},
}

// SortNames are the accepted values of ?sort=, default first.
var SortNames = []string{"name", "-name", "capacity", "-capacity"}

func scan(row pgx.Row) (Room, error) {
	var r Room
	err := row.Scan(&r.ID, &r.Name, &r.Capacity, &r.Version, &r.CreatedAt, &r.UpdatedAt)
	r.CreatedAt, r.UpdatedAt = r.CreatedAt.UTC(), r.UpdatedAt.UTC()
	return r, err
}

// Find reads one room, optionally locking it for the rest of the transaction; 404 if unknown.
func Find(ctx context.Context, q db.Querier, id int64, lock bool) (Room, error) {
	query := selectRoom
	if lock {
		query = selectRoom + " FOR UPDATE"
	}
	room, err := scan(q.QueryRow(ctx, query, id))
	if errors.Is(err, pgx.ErrNoRows) {
		return room, httpx.NotFound("Room " + strconv.FormatInt(id, 10) + " does not exist")
	}
	return room, err
}

func nameTaken(name string) error {
	return httpx.Conflict("A room named '" + name + "' already exists")
}

// Store runs the room queries on a pool.
type Store struct {
	Pool *pgxpool.Pool
}

// Create inserts a room; 409 when the name is taken (regardless of case).
func (s Store) Create(ctx context.Context, name string, capacity int) (Room, error) {
	room, err := scan(s.Pool.QueryRow(ctx, insertRoom, name, capacity))
	if db.IsCode(err, db.UniqueViolation) {
		return room, nameTaken(name)
	}
	return room, err
}

// Changes are the fields a PATCH sent; nil means unchanged.
type Changes struct {
	Name     *string
	Capacity *int
}

// Update applies changes if ifMatch accepts the current version; 404, 409 or 412 otherwise.
func (s Store) Update(ctx context.Context, id int64, changes Changes, ifMatch func(version int) error) (Room, error) {
	var room Room
	err := pgx.BeginFunc(ctx, s.Pool, func(tx pgx.Tx) error {
		current, err := Find(ctx, tx, id, true)
		if err != nil {
			return err
		}
		if err := ifMatch(current.Version); err != nil {
			return err
		}
		name, capacity := current.Name, current.Capacity
		if changes.Name != nil {
			name = *changes.Name
		}
		if changes.Capacity != nil {
			capacity = *changes.Capacity
		}
		room, err = scan(tx.QueryRow(ctx, updateRoom, name, capacity, id))
		if db.IsCode(err, db.UniqueViolation) {
			return nameTaken(name)
		}
		return err
	})
	return room, err
}

// Delete removes a room that has no confirmed bookings (its cancelled ones go with it).
func (s Store) Delete(ctx context.Context, id int64, ifMatch func(version int) error) error {
	return pgx.BeginFunc(ctx, s.Pool, func(tx pgx.Tx) error {
		room, err := Find(ctx, tx, id, true)
		if err != nil {
			return err
		}
		if err := ifMatch(room.Version); err != nil {
			return err
		}
		var busy bool
		if err := tx.QueryRow(ctx, hasConfirmed, id).Scan(&busy); err != nil {
			return err
		}
		if busy {
			return httpx.Conflict("Room " + strconv.FormatInt(id, 10) + " still has confirmed bookings; cancel them first")
		}
		_, err = tx.Exec(ctx, deleteRoom, id)
		return err
	})
}

// ListParams are the validated query parameters of GET /rooms.
type ListParams struct {
	Q           string
	MinCapacity *int64
	Sort        string
	Limit       int
	Cursor      string
}

// List returns one page of rooms in the requested order (keyset pagination on (sort column, id)).
func (s Store) List(ctx context.Context, p ListParams) (httpx.Page[Room], error) {
	order := sorts[p.Sort]
	query := new(db.Builder).SQL("SELECT " + columns + " FROM rooms")
	where := query.Where()
	if p.Q != "" {
		where.And().SQL(`name ILIKE `).Arg("%" + escapeLike(p.Q) + "%")
	}
	if p.MinCapacity != nil {
		where.And().SQL("capacity >= ").Arg(*p.MinCapacity)
	}
	if p.Cursor != "" {
		key, lastID, err := decodeCursor(p.Cursor, p.Sort, order.column)
		if err != nil {
			return httpx.Page[Room]{}, err
		}
		where.And().After(order.column, order.desc, key, lastID)
	}
	query.OrderBy(order.column, order.desc, p.Limit+1)

	rows, err := s.Pool.Query(ctx, query.String(), query.Args()...)
	if err != nil {
		return httpx.Page[Room]{}, err
	}
	list, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (Room, error) { return scan(row) })
	if err != nil {
		return httpx.Page[Room]{}, err
	}
	return httpx.NewPage(list, p.Limit, func(last Room) (string, error) {
		if order.column == "name" {
			return httpx.EncodeCursor(p.Sort, last.Name, last.ID)
		}
		return httpx.EncodeCursor(p.Sort, last.Capacity, last.ID)
	})
}

// decodeCursor checks that the cursor's key has the type of the sort column.
func decodeCursor(cursor, sort, column string) (any, int64, error) {
	raw, lastID, err := httpx.DecodeCursor(cursor, sort)
	if err != nil {
		return nil, 0, err
	}
	if column == "name" {
		var name string
		if json.Unmarshal(raw, &name) != nil {
			return nil, 0, httpx.BadCursor()
		}
		return name, lastID, nil
	}
	var capacity int64
	if json.Unmarshal(raw, &capacity) != nil {
		return nil, 0, httpx.BadCursor()
	}
	return capacity, lastID, nil
}

// escapeLike makes %, _ and \ in a search term match themselves.
func escapeLike(s string) string {
	return strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(s)
}
