// Package server wires the routes into one http.Handler.
package server

import (
	"context"
	"net/http"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"ledger/internal/httpx"
	"ledger/internal/ledger"
)

// RequestTimeout bounds the work of one request, waiting for an account's row lock included.
const RequestTimeout = 10 * time.Second

// New returns the service's handler.
func New(pool *pgxpool.Pool) http.Handler {
	h := ledger.NewHandlers(ledger.NewStore(pool))
	mux := http.NewServeMux()
	mux.Handle("GET /health", httpx.Handle(health(pool)))
	mux.Handle("POST /accounts", httpx.Handle(h.OpenAccount))
	mux.Handle("GET /accounts/{id}", httpx.Handle(h.ReadAccount))
	mux.Handle("GET /accounts/{id}/transfers", httpx.Handle(h.AccountTransfers))
	mux.Handle("POST /transfers", httpx.Handle(h.MakeTransfer))
	mux.Handle("GET /transfers/{id}", httpx.Handle(h.ReadTransfer))
	return httpx.Recover(httpx.Timeout(RequestTimeout, mux))
}

// health answers 200 once the database answers, 503 until then.
func health(pool *pgxpool.Pool) httpx.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		ctx, cancel := context.WithTimeout(r.Context(), 2*time.Second)
		defer cancel()
		if err := pool.Ping(ctx); err != nil {
			httpx.WriteJSON(w, http.StatusServiceUnavailable, map[string]string{"status": "unavailable"})
			return nil
		}
		httpx.WriteJSON(w, http.StatusOK, map[string]string{"status": "ok"})
		return nil
	}
}
