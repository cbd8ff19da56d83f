package api

import (
	"encoding/json"
	"errors"
	"log/slog"
	"net/http"
)

// apiError is an expected failure, rendered as the spec's {"errors": {field: [messages]}}.
type apiError struct {
	status  int
	field   string
	message string
}

func (e *apiError) Error() string { return e.field + ": " + e.message }

func invalid(field, message string) error {
	return &apiError{http.StatusUnprocessableEntity, field, message}
}

func unauthorized(message string) error { return &apiError{http.StatusUnauthorized, "token", message} }

func forbidden(message string) error { return &apiError{http.StatusForbidden, "body", message} }

func notFound(what string) error { return &apiError{http.StatusNotFound, what, "not found"} }

// handlerFunc is a route that returns its failure instead of writing it.
type handlerFunc func(w http.ResponseWriter, r *http.Request) error

// handle renders a route's error once: an apiError as itself, anything else as a bare 500 (logged,
// never shown: no SQL or stack trace reaches a client).
func handle(h handlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		err := h(w, r)
		if err == nil {
			return
		}
		var known *apiError
		if errors.As(err, &known) {
			writeErrors(w, known.status, known.field, known.message)
			return
		}
		slog.Error("request failed", "method", r.Method, "path", r.URL.Path, "err", err)
		writeErrors(w, http.StatusInternalServerError, "body", "internal error")
	}
}

func writeErrors(w http.ResponseWriter, status int, field, message string) {
	writeJSON(w, status, map[string]any{"errors": map[string][]string{field: {message}}})
}

func writeJSON(w http.ResponseWriter, status int, body any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	if err := json.NewEncoder(w).Encode(body); err != nil {
		slog.Warn("could not write the response", "err", err)
	}
}

// recoverPanics answers a panic with a bare 500 instead of a dropped connection.
func recoverPanics(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer func() {
			if p := recover(); p != nil {
				if p == http.ErrAbortHandler {
					panic(p)
				}
				slog.Error("panic", "method", r.Method, "path", r.URL.Path, "value", p)
				writeErrors(w, http.StatusInternalServerError, "body", "internal error")
			}
		}()
		next.ServeHTTP(w, r)
	})
}
