// Package server wires the resources into one http.Handler: routes, /health, /openapi.json,
// problem+json answers for unknown routes, panic recovery and per-request timeouts.
package server

import (
	"context"
	"net/http"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"bookings/internal/bookings"
	"bookings/internal/httpx"
	"bookings/internal/openapi"
	"bookings/internal/rooms"
)

// RequestTimeout bounds the work of one request, database calls included.
const RequestTimeout = 10 * time.Second

// New returns the service's handler; pool may only be nil in tests that never reach the database.
func New(pool *pgxpool.Pool) http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /health", health(pool))
	mux.HandleFunc("GET /openapi.json", openapi.Handler)
	rooms.Handlers{Store: rooms.Store{Pool: pool}}.Register(mux)
	bookings.Handlers{Store: bookings.Store{Pool: pool, Now: time.Now}}.Register(mux)
	return httpx.Recover(httpx.Timeout(RequestTimeout, routes{mux}))
}

// health answers 200 once the database answers, 503 until then.
func health(pool *pgxpool.Pool) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		ctx, cancel := context.WithTimeout(r.Context(), 2*time.Second)
		defer cancel()
		if err := pool.Ping(ctx); err != nil {
			httpx.WriteJSON(w, http.StatusServiceUnavailable, map[string]string{"status": "unavailable"})
			return
		}
		httpx.WriteJSON(w, http.StatusOK, map[string]string{"status": "ok"})
	}
}

// routes answers unknown paths (404) and known paths with another method (405) with a problem
// body too; everything else goes to the mux.
type routes struct {
	mux *http.ServeMux
}

func (rt routes) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if _, pattern := rt.mux.Handler(r); pattern != "" {
		rt.mux.ServeHTTP(w, r)
		return
	}
	probe := &statusRecorder{header: http.Header{}}
	rt.mux.ServeHTTP(probe, r) // the mux's own 404 or 405 (with its Allow header)
	if allow := probe.header.Get("Allow"); allow != "" {
		w.Header().Set("Allow", allow)
	}
	title := http.StatusText(probe.status)
	httpx.WriteProblem(w, &httpx.Problem{
		Type: "about:blank", Title: title, Status: probe.status, Detail: "No route for " + r.Method + " " + r.URL.Path,
	})
}

// statusRecorder keeps the status and headers of a response and drops its body.
type statusRecorder struct {
	header http.Header
	status int
}

func (s *statusRecorder) Header() http.Header { return s.header }

func (s *statusRecorder) Write(b []byte) (int, error) {
	if s.status == 0 {
		s.status = http.StatusOK
	}
	return len(b), nil
}

func (s *statusRecorder) WriteHeader(status int) {
	if s.status == 0 {
		s.status = status
	}
}
