// Package api serves the Conduit (RealWorld) API. Start here; split into files as it grows.
package api

import (
	"context"
	"encoding/json"
	"net/http"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"conduit/internal/auth"
)

// RequestTimeout bounds the work of one request, database calls included.
const RequestTimeout = 10 * time.Second

// Server holds what the routes share.
type Server struct {
	pool   *pgxpool.Pool
	tokens auth.Tokens
}

// New returns the service's handler.
func New(pool *pgxpool.Pool, tokens auth.Tokens) http.Handler {
	s := &Server{pool: pool, tokens: tokens}
	mux := http.NewServeMux()
	// Not part of the RealWorld spec: the platform polls it until the service is ready.
	mux.HandleFunc("GET /health", s.health)

	// TODO: replace this placeholder with the real endpoints (see README.md).
	mux.HandleFunc("/api/", func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, http.StatusNotImplemented, map[string]any{
			"errors": map[string][]string{"body": {r.Method + " " + r.URL.Path + " is not implemented yet"}},
		})
	})
	return mux
}

func (s *Server) health(w http.ResponseWriter, r *http.Request) {
	ctx, cancel := context.WithTimeout(r.Context(), 2*time.Second)
	defer cancel()
	if err := s.pool.Ping(ctx); err != nil {
		writeJSON(w, http.StatusServiceUnavailable, map[string]string{"status": "unavailable"})
		return
	}
	writeJSON(w, http.StatusOK, map[string]string{"status": "ok"})
}

func writeJSON(w http.ResponseWriter, status int, body any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(body)
}
