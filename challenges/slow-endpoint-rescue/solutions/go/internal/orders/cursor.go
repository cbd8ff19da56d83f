package orders

import (
	"encoding/base64"
	"encoding/json"
	"errors"
	"time"
)

// ErrBadCursor is returned for a cursor this service never issued.
var ErrBadCursor = errors.New("cursor is not one this service returned")

// position is where a page ended: the keys the list is sorted by, of its last order.
type position struct {
	CreatedAt time.Time `json:"created_at"`
	ID        int64     `json:"id"`
}

func encodeCursor(last Order) string {
	raw, _ := json.Marshal(position{CreatedAt: last.CreatedAt, ID: last.ID}) // a struct of a time and an int always encodes
	return base64.RawURLEncoding.EncodeToString(raw)
}

func decodeCursor(cursor string) (position, error) {
	var pos position
	raw, err := base64.RawURLEncoding.DecodeString(cursor)
	if err != nil || json.Unmarshal(raw, &pos) != nil || pos.ID < 1 || pos.CreatedAt.IsZero() {
		return position{}, ErrBadCursor
	}
	return pos, nil
}
