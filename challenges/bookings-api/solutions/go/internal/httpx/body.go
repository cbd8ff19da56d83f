package httpx

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"net/http"
)

// MaxBodyBytes bounds every request body.
const MaxBodyBytes = 64 << 10

// drainBytes is how much of an oversized body is read and thrown away before answering 413, so that
// a client still sending it reads the answer instead of a connection reset. Beyond that we hang up.
const drainBytes = 4 << 20

// DecodeObject reads a JSON object body of at most MaxBodyBytes, keeping each field's raw JSON
// for validation. 413 for a bigger body, 400 for one that is not JSON, 422 for JSON that is not an object.
func DecodeObject(w http.ResponseWriter, r *http.Request) (map[string]json.RawMessage, error) {
	if r.ContentLength > MaxBodyBytes {
		discard(r)
		return nil, TooLarge()
	}
	data, err := io.ReadAll(http.MaxBytesReader(w, r.Body, MaxBodyBytes))
	var tooLarge *http.MaxBytesError
	if errors.As(err, &tooLarge) {
		discard(r)
		return nil, TooLarge()
	}
	if err != nil {
		return nil, MalformedJSON()
	}
	if len(bytes.TrimSpace(data)) == 0 {
		return nil, notAnObject()
	}
	if !json.Valid(data) {
		return nil, MalformedJSON()
	}
	var fields map[string]json.RawMessage
	if err := json.Unmarshal(data, &fields); err != nil || fields == nil {
		return nil, notAnObject()
	}
	return fields, nil
}

func notAnObject() *Problem {
	return InvalidField("body", "must be a JSON object (Content-Type: application/json)")
}

func discard(r *http.Request) {
	_, _ = io.CopyN(io.Discard, r.Body, drainBytes)
}
