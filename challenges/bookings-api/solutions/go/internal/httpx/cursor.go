package httpx

import (
	"encoding/base64"
	"encoding/json"
	"strings"
)

// Page is the envelope of every list: next_cursor is null on the last page.
type Page[T any] struct {
	Items      []T     `json:"items"`
	NextCursor *string `json:"next_cursor"`
}

// NewPage cuts rows (fetched with limit+1) to limit and sets the cursor when more rows exist.
// cursor is called with the last row of the page.
func NewPage[T any](rows []T, limit int, cursor func(last T) (string, error)) (Page[T], error) {
	page := Page[T]{Items: rows}
	if page.Items == nil {
		page.Items = []T{}
	}
	if len(rows) <= limit {
		return page, nil
	}
	page.Items = rows[:limit]
	next, err := cursor(page.Items[limit-1])
	if err != nil {
		return page, err
	}
	page.NextCursor = &next
	return page, nil
}

// EncodeCursor makes the opaque cursor for keyset pagination: the sort it belongs to, then the
// sort key and id of the last row of the page, as base64url JSON.
func EncodeCursor(sort string, key any, id int64) (string, error) {
	raw, err := json.Marshal([]any{sort, key, id})
	if err != nil {
		return "", err
	}
	return base64.RawURLEncoding.EncodeToString(raw), nil
}

// DecodeCursor returns the raw sort key and the id stored by EncodeCursor, or a 422 on "cursor"
// when the cursor is not one of ours or belongs to another sort order.
func DecodeCursor(cursor, sort string) (json.RawMessage, int64, error) {
	raw, err := base64.RawURLEncoding.DecodeString(strings.TrimRight(cursor, "="))
	if err != nil {
		return nil, 0, BadCursor()
	}
	var parts []json.RawMessage
	if err := json.Unmarshal(raw, &parts); err != nil || len(parts) != 3 {
		return nil, 0, BadCursor()
	}
	var cursorSort string
	var id int64
	if json.Unmarshal(parts[0], &cursorSort) != nil || json.Unmarshal(parts[2], &id) != nil || id < 1 {
		return nil, 0, BadCursor()
	}
	if cursorSort != sort {
		return nil, 0, InvalidField("cursor", "belongs to a different sort order; start again without cursor")
	}
	return parts[1], id, nil
}

// BadCursor is the 422 for a cursor this service did not issue.
func BadCursor() *Problem {
	return InvalidField("cursor", "is not a cursor this service issued")
}
