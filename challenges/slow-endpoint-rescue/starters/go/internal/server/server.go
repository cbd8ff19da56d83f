// Package server wires the routes into one http.Handler and answers errors as problem details.
package server

import (
	"context"
	"encoding/json"
	"errors"
	"log/slog"
	"net/http"
	"strconv"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"orderhistory/internal/orders"
)

// RequestTimeout bounds the work of one request, database calls included.
const RequestTimeout = 30 * time.Second

// New returns the service's handler.
func New(pool *pgxpool.Pool) http.Handler {
	store := orders.NewStore(pool)
	mux := http.NewServeMux()
	mux.HandleFunc("GET /health", func(w http.ResponseWriter, _ *http.Request) {
		writeJSON(w, "application/json", http.StatusOK, map[string]string{"status": "ok"})
	})
	mux.HandleFunc("GET /customers/{id}/orders", handle(func(r *http.Request) (any, error) {
		id, err := customerID(r)
		if err != nil {
			return nil, err
		}
		limit, err := pageLimit(r)
		if err != nil {
			return nil, err
		}
		return store.PageOfOrders(r.Context(), id, limit, r.URL.Query().Get("cursor"))
	}))
	mux.HandleFunc("GET /customers/{id}/summary", handle(func(r *http.Request) (any, error) {
		id, err := customerID(r)
		if err != nil {
			return nil, err
		}
		return store.CustomerSummary(r.Context(), id)
	}))
	return mux
}

type problem struct {
	status int
	title  string
	detail string
}

func (p *problem) Error() string { return p.detail }

func customerID(r *http.Request) (int64, error) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		return 0, orders.ErrNotFound
	}
	return id, nil
}

func pageLimit(r *http.Request) (int, error) {
	raw := r.URL.Query().Get("limit")
	if raw == "" {
		return 20, nil
	}
	limit, err := strconv.Atoi(raw)
	if err != nil || limit < 1 || limit > 100 {
		return 0, &problem{http.StatusUnprocessableEntity, "Unprocessable Content", "limit must be 1 to 100"}
	}
	return limit, nil
}

// handle runs fn within RequestTimeout and answers its result as JSON, or its error as a problem.
func handle(fn func(r *http.Request) (any, error)) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		ctx, cancel := context.WithTimeout(r.Context(), RequestTimeout)
		defer cancel()
		body, err := fn(r.WithContext(ctx))
		if err != nil {
			writeProblem(w, r, err)
			return
		}
		writeJSON(w, "application/json", http.StatusOK, body)
	}
}

func writeProblem(w http.ResponseWriter, r *http.Request, err error) {
	var p *problem
	switch {
	case errors.As(err, &p):
	case errors.Is(err, orders.ErrNotFound):
		p = &problem{http.StatusNotFound, "Not Found", err.Error()}
	case errors.Is(err, orders.ErrBadCursor):
		p = &problem{http.StatusBadRequest, "Bad Request", err.Error()}
	default:
		slog.Error("request failed", "method", r.Method, "path", r.URL.Path, "err", err)
		p = &problem{http.StatusInternalServerError, "Internal Server Error", "unexpected error"}
	}
	writeJSON(w, "application/problem+json", p.status, map[string]any{
		"type": "about:blank", "title": p.title, "status": p.status, "detail": p.detail,
	})
}

func writeJSON(w http.ResponseWriter, contentType string, status int, body any) {
	w.Header().Set("Content-Type", contentType)
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(body)
}
