package httpx

import (
	"context"
	"log/slog"
	"net/http"
	"time"
)

// Recover answers a generic 500 when a handler panics, and logs the panic for us.
func Recover(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer func() {
			if v := recover(); v != nil {
				if v == http.ErrAbortHandler { // the server's own way to abort a response
					panic(v)
				}
				slog.Error("panic in handler", "method", r.Method, "path", r.URL.Path, "panic", v)
				WriteProblem(w, internal())
			}
		}()
		next.ServeHTTP(w, r)
	})
}

// Timeout bounds the work of one request: the database calls made with its context are cancelled after d.
func Timeout(d time.Duration, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx, cancel := context.WithTimeout(r.Context(), d)
		defer cancel()
		next.ServeHTTP(w, r.WithContext(ctx))
	})
}
