package api

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
)

const maxBody = 256 << 10

// fields is the object inside one of the spec's envelopes, e.g. {"user": {...}} -> {...}.
type fields map[string]json.RawMessage

// unwrap reads the body as {"<key>": {...}}; 400 for broken JSON, 413 when too large, 422 otherwise.
func unwrap(w http.ResponseWriter, r *http.Request, key string) (fields, error) {
	var envelope map[string]json.RawMessage
	err := json.NewDecoder(http.MaxBytesReader(w, r.Body, maxBody)).Decode(&envelope)
	var tooLarge *http.MaxBytesError
	switch {
	case errors.As(err, &tooLarge):
		return nil, &apiError{http.StatusRequestEntityTooLarge, "body", "the request body is too large"}
	case err != nil:
		return nil, &apiError{http.StatusBadRequest, "body", "the request body is not valid JSON"}
	}
	var inner fields
	if raw, ok := envelope[key]; !ok || json.Unmarshal(raw, &inner) != nil || inner == nil {
		return nil, invalid("body", fmt.Sprintf(`expected a JSON object {"%s": {...}}`, key))
	}
	return inner, nil
}

// has reports whether the field was sent, null included.
func (f fields) has(name string) bool {
	_, ok := f[name]
	return ok
}

// text reads an optional or required string field; nil when absent or null (and not required).
func (f fields) text(name string, required bool, maxLength int) (*string, error) {
	raw, ok := f[name]
	if !ok || string(raw) == "null" {
		if required {
			return nil, invalid(name, "can't be blank")
		}
		return nil, nil
	}
	var value string
	if json.Unmarshal(raw, &value) != nil {
		return nil, invalid(name, "must be a string")
	}
	if required && strings.TrimSpace(value) == "" {
		return nil, invalid(name, "can't be blank")
	}
	if len([]rune(value)) > maxLength {
		return nil, invalid(name, fmt.Sprintf("is too long (at most %d characters)", maxLength))
	}
	return &value, nil
}

// strings reads an optional list of non-empty strings, trimmed and without duplicates.
func (f fields) strings(name string, maxLength int) ([]string, error) {
	raw, ok := f[name]
	if !ok || string(raw) == "null" {
		return []string{}, nil
	}
	var values []string
	message := fmt.Sprintf("must be a list of non-empty strings of at most %d characters", maxLength)
	if json.Unmarshal(raw, &values) != nil {
		return nil, invalid(name, message)
	}
	seen := map[string]bool{}
	out := []string{}
	for _, v := range values {
		v = strings.TrimSpace(v)
		if v == "" || len([]rune(v)) > maxLength {
			return nil, invalid(name, message)
		}
		if !seen[v] {
			seen[v] = true
			out = append(out, v)
		}
	}
	return out, nil
}

// queryNumber reads a whole number in [low, high] from the query string, or fallback when absent.
func queryNumber(q url.Values, name string, fallback, low, high int) (int, error) {
	raw, ok := q[name]
	if !ok {
		return fallback, nil
	}
	n, err := strconv.Atoi(raw[0])
	if len(raw) != 1 || err != nil || strings.ContainsAny(raw[0], "+-") || n < low || n > high {
		return 0, invalid(name, fmt.Sprintf("must be a whole number from %d to %d", low, high))
	}
	return n, nil
}

// queryText reads an optional filter given at most once; nil when absent.
func queryText(q url.Values, name string) (*string, error) {
	raw, ok := q[name]
	if !ok {
		return nil, nil
	}
	if len(raw) != 1 {
		return nil, invalid(name, "must be given once")
	}
	return &raw[0], nil
}
