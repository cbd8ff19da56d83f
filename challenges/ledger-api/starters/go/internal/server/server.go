// Package server wires the routes into one http.Handler. Start here; split into packages as it grows.
package server

import (
	"context"
	"encoding/json"
	"net/http"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"
)

// RequestTimeout bounds the work of one request, database calls included.
const RequestTimeout = 10 * time.Second

// New returns the service's handler.
func New(pool *pgxpool.Pool) http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /health", health(pool))

	// TODO: replace these placeholders with the real endpoints (see README.md).
	for _, pattern := range []string{"/accounts", "/accounts/{id}", "/accounts/{id}/transfers", "/transfers", "/transfers/{id}"} {
		mux.HandleFunc(pattern, notImplemented)
	}
	return mux
}

// health answers 200 once the database answers, 503 until then.
func health(pool *pgxpool.Pool) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		ctx, cancel := context.WithTimeout(r.Context(), 2*time.Second)
		defer cancel()
		if err := pool.Ping(ctx); err != nil {
			writeJSON(w, "application/json", http.StatusServiceUnavailable, map[string]string{"status": "unavailable"})
			return
		}
		writeJSON(w, "application/json", http.StatusOK, map[string]string{"status": "ok"})
	}
}

func notImplemented(w http.ResponseWriter, r *http.Request) {
	writeJSON(w, "application/problem+json", http.StatusNotImplemented, map[string]any{
		"type": "about:blank", "title": "Not Implemented", "status": http.StatusNotImplemented,
		"detail": r.Method + " " + r.URL.Path,
	})
}

func writeJSON(w http.ResponseWriter, contentType string, status int, body any) {
	w.Header().Set("Content-Type", contentType)
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(body)
}
