package validate

import (
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"bookings/internal/httpx"
)

var digits = regexp.MustCompile(`^[0-9]{1,18}$`)

// Query validates query-string parameters: strings in, typed values out, one 422 for all errors.
type Query struct {
	values url.Values
	errs   []httpx.FieldError
}

// NewQuery starts validating the parameters of a request URL.
func NewQuery(values url.Values) *Query {
	return &Query{values: values}
}

// Err is nil when every parameter was valid, else a 422 naming each bad one.
func (q *Query) Err() error {
	if len(q.errs) == 0 {
		return nil
	}
	return httpx.Invalid(q.errs...)
}

func (q *Query) fail(field, message string) {
	q.errs = append(q.errs, httpx.FieldError{Field: field, Message: message})
}

func (q *Query) lookup(field string) (string, bool) {
	if !q.values.Has(field) {
		return "", false
	}
	return q.values.Get(field), true
}

// Int is a decimal integer between min and max; fallback when absent.
func (q *Query) Int(field string, min, max, fallback int64) int64 {
	raw, ok := q.lookup(field)
	if !ok {
		return fallback
	}
	if !digits.MatchString(raw) {
		q.fail(field, "must be an integer")
		return fallback
	}
	value, err := strconv.ParseInt(raw, 10, 64)
	if err != nil || value < min || value > max {
		q.fail(field, "must be between "+strconv.FormatInt(min, 10)+" and "+strconv.FormatInt(max, 10))
		return fallback
	}
	return value
}

// OptionalInt is like Int, with nil when absent.
func (q *Query) OptionalInt(field string, min, max int64) *int64 {
	if _, ok := q.lookup(field); !ok {
		return nil
	}
	before := len(q.errs)
	value := q.Int(field, min, max, 0)
	if len(q.errs) > before {
		return nil
	}
	return &value
}

// OneOf is one of allowed; fallback when absent.
func (q *Query) OneOf(field string, allowed []string, fallback string) string {
	raw, ok := q.lookup(field)
	if !ok {
		return fallback
	}
	if !slices.Contains(allowed, raw) {
		q.fail(field, "must be one of "+strings.Join(allowed, ", "))
		return fallback
	}
	return raw
}

// Text is a string of at most max characters; "" when absent or empty.
func (q *Query) Text(field string, max int) string {
	raw, _ := q.lookup(field)
	if utf8.RuneCountInString(raw) > max {
		q.fail(field, "must be at most "+strconv.Itoa(max)+" characters")
		return ""
	}
	return raw
}

// Time is an RFC 3339 date-time with an offset; nil when absent.
func (q *Query) Time(field string) *time.Time {
	raw, ok := q.lookup(field)
	if !ok {
		return nil
	}
	value, err := ParseTime(raw)
	if err != nil {
		q.fail(field, "must be an RFC 3339 date-time with an offset")
		return nil
	}
	return &value
}
