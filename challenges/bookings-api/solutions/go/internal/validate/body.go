// Package validate checks request bodies and query strings field by field and collects every
// error, so a client learns about all bad fields from one 422.
package validate

import (
	"bytes"
	"encoding/json"
	"errors"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"bookings/internal/httpx"
)

const timeMessage = "must be an RFC 3339 date-time with an offset, e.g. 2030-05-01T09:00:00Z"

// Body validates the fields of a decoded JSON object. In a partial body (PATCH) absent fields are
// skipped; present ones follow the same rules. Every getter returns nil for an absent or bad field.
type Body struct {
	fields  map[string]json.RawMessage
	partial bool
	errs    []httpx.FieldError
}

// NewBody starts validating fields; partial is true for PATCH.
func NewBody(fields map[string]json.RawMessage, partial bool) *Body {
	return &Body{fields: fields, partial: partial}
}

// Err is nil when every field was valid, else a 422 naming each bad field.
func (b *Body) Err() error {
	if len(b.errs) == 0 {
		return nil
	}
	return httpx.Invalid(b.errs...)
}

func (b *Body) fail(field, message string) {
	b.errs = append(b.errs, httpx.FieldError{Field: field, Message: message})
}

// take returns the raw value of a present, non-null field.
func (b *Body) take(field string, required bool) (json.RawMessage, bool) {
	raw, present := b.fields[field]
	switch {
	case !present:
		if required && !b.partial {
			b.fail(field, "is required")
		}
		return nil, false
	case bytes.Equal(bytes.TrimSpace(raw), []byte("null")):
		b.fail(field, "cannot be null")
		return nil, false
	}
	return raw, true
}

// String is a string of 1 to max characters after trimming surrounding whitespace.
func (b *Body) String(field string, max int, required bool) *string {
	raw, ok := b.take(field, required)
	if !ok {
		return nil
	}
	var value string
	if json.Unmarshal(raw, &value) != nil {
		b.fail(field, "must be a string")
		return nil
	}
	value = strings.TrimSpace(value)
	if n := utf8.RuneCountInString(value); n < 1 || n > max {
		b.fail(field, "must be 1 to "+strconv.Itoa(max)+" characters")
		return nil
	}
	return &value
}

// Int is a JSON integer (no fraction, no exponent, no quotes) between min and max.
func (b *Body) Int(field string, min, max int64, required bool) *int64 {
	raw, ok := b.take(field, required)
	if !ok {
		return nil
	}
	value, err := strconv.ParseInt(string(bytes.TrimSpace(raw)), 10, 64)
	if err != nil && !errors.Is(err, strconv.ErrRange) {
		b.fail(field, "must be an integer")
		return nil
	}
	if err != nil || value < min || value > max {
		b.fail(field, "must be between "+strconv.FormatInt(min, 10)+" and "+strconv.FormatInt(max, 10))
		return nil
	}
	return &value
}

// Time is an RFC 3339 date-time with an offset, returned in UTC.
func (b *Body) Time(field string, required bool) *time.Time {
	raw, ok := b.take(field, required)
	if !ok {
		return nil
	}
	var text string
	if json.Unmarshal(raw, &text) != nil {
		b.fail(field, timeMessage)
		return nil
	}
	value, err := ParseTime(text)
	if err != nil {
		b.fail(field, timeMessage)
		return nil
	}
	return &value
}

// ParseTime reads an RFC 3339 date-time, which always carries an offset ("Z" or "+02:00"), in UTC.
func ParseTime(text string) (time.Time, error) {
	value, err := time.Parse(time.RFC3339Nano, text)
	if err != nil {
		return time.Time{}, err
	}
	return value.UTC(), nil
}
