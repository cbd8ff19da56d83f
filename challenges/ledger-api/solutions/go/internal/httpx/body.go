package httpx

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"strconv"
	"unicode/utf8"
)

// maxBodyBytes bounds every request body; a ledger request is a few dozen bytes.
const maxBodyBytes = 64 << 10

// Object is a JSON object body whose fields are validated one by one; each getter records what is
// wrong with its field, and Err reports them all at once.
type Object struct {
	fields map[string]json.RawMessage
	errs   []FieldError
}

// DecodeObject reads a JSON object body: 400 for a body that is not JSON, 422 for JSON that is not an object.
func DecodeObject(w http.ResponseWriter, r *http.Request) (*Object, error) {
	data, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxBodyBytes))
	if err != nil || !json.Valid(data) {
		return nil, MalformedJSON()
	}
	var fields map[string]json.RawMessage
	if err := json.Unmarshal(data, &fields); err != nil || fields == nil {
		return nil, InvalidField("body", "must be a JSON object")
	}
	return &Object{fields: fields}, nil
}

// Fail records a problem with a field the caller checked itself.
func (o *Object) Fail(field, message string) {
	o.errs = append(o.errs, FieldError{Field: field, Message: message})
}

// Err is the 422 naming every field that failed, or nil.
func (o *Object) Err() error {
	if len(o.errs) == 0 {
		return nil
	}
	return Invalid(o.errs...)
}

// Int reads a required integer field in [lo, hi]. JSON numbers with a fraction or an exponent, strings
// and booleans are refused: money is an integer number of cents.
func (o *Object) Int(field string, lo, hi int64) int64 {
	raw, ok := o.fields[field]
	if !ok {
		o.Fail(field, "is required")
		return 0
	}
	return o.intValue(field, raw, lo, hi)
}

// OptionalInt reads an integer field in [lo, hi], or def when the field is absent.
func (o *Object) OptionalInt(field string, lo, hi, def int64) int64 {
	raw, ok := o.fields[field]
	if !ok {
		return def
	}
	return o.intValue(field, raw, lo, hi)
}

func (o *Object) intValue(field string, raw json.RawMessage, lo, hi int64) int64 {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 || !(raw[0] == '-' || (raw[0] >= '0' && raw[0] <= '9')) {
		o.Fail(field, "must be an integer")
		return 0
	}
	n, err := strconv.ParseInt(string(raw), 10, 64)
	switch {
	case err != nil:
		o.Fail(field, "must be an integer between "+strconv.FormatInt(lo, 10)+" and "+strconv.FormatInt(hi, 10))
	case n < lo:
		o.Fail(field, "must be at least "+strconv.FormatInt(lo, 10))
	case n > hi:
		o.Fail(field, "must be at most "+strconv.FormatInt(hi, 10))
	}
	return n
}

// String reads a required string field of minLen to maxLen characters.
func (o *Object) String(field string, minLen, maxLen int) string {
	raw, ok := o.fields[field]
	var s string
	if !ok {
		o.Fail(field, "is required")
		return ""
	}
	if err := json.Unmarshal(raw, &s); err != nil || bytes.Equal(bytes.TrimSpace(raw), []byte("null")) {
		o.Fail(field, "must be a string")
		return ""
	}
	if n := utf8.RuneCountInString(s); n < minLen || n > maxLen {
		o.Fail(field, "must be "+strconv.Itoa(minLen)+" to "+strconv.Itoa(maxLen)+" characters")
	}
	return s
}
