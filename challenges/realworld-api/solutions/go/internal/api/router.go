// Package api serves the Conduit (RealWorld) API: users, profiles, articles, comments, favorites, tags.
package api

import (
	"context"
	"errors"
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

	mux.HandleFunc("POST /api/users", handle(s.register))
	mux.HandleFunc("POST /api/users/login", handle(s.login))
	mux.HandleFunc("GET /api/user", handle(s.currentUser))
	mux.HandleFunc("PUT /api/user", handle(s.updateUser))
	mux.HandleFunc("GET /api/profiles/{username}", handle(s.profile))
	mux.HandleFunc("POST /api/profiles/{username}/follow", handle(s.follow))
	mux.HandleFunc("DELETE /api/profiles/{username}/follow", handle(s.unfollow))

	mux.HandleFunc("GET /api/articles", handle(s.listArticles))
	mux.HandleFunc("GET /api/articles/feed", handle(s.feed))
	mux.HandleFunc("POST /api/articles", handle(s.createArticle))
	mux.HandleFunc("GET /api/articles/{slug}", handle(s.getArticle))
	mux.HandleFunc("PUT /api/articles/{slug}", handle(s.updateArticle))
	mux.HandleFunc("DELETE /api/articles/{slug}", handle(s.deleteArticle))
	mux.HandleFunc("POST /api/articles/{slug}/favorite", handle(s.favorite))
	mux.HandleFunc("DELETE /api/articles/{slug}/favorite", handle(s.unfavorite))
	mux.HandleFunc("GET /api/articles/{slug}/comments", handle(s.listComments))
	mux.HandleFunc("POST /api/articles/{slug}/comments", handle(s.addComment))
	mux.HandleFunc("DELETE /api/articles/{slug}/comments/{id}", handle(s.deleteComment))
	mux.HandleFunc("GET /api/tags", handle(s.tags))

	mux.HandleFunc("/", handle(func(http.ResponseWriter, *http.Request) error { return notFound("route") }))
	return recoverPanics(http.TimeoutHandler(mux, RequestTimeout, `{"errors":{"body":["the request took too long"]}}`))
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

// viewer is the caller's user id, 0 without a token; 401 for a malformed, forged or expired token,
// even where the token is optional.
func (s *Server) viewer(r *http.Request) (int64, error) {
	id, err := s.tokens.UserID(r.Header.Get("Authorization"))
	if errors.Is(err, auth.ErrNoToken) {
		return 0, nil
	}
	if err != nil {
		return 0, unauthorized(err.Error())
	}
	return id, nil
}

// me is the caller's user id; 401 without a valid token.
func (s *Server) me(r *http.Request) (int64, error) {
	id, err := s.viewer(r)
	if err == nil && id == 0 {
		err = unauthorized("a valid token is required")
	}
	return id, err
}

// nullable turns "no value" (the zero id) into SQL NULL, so an optional filter is not applied.
func nullable(id int64) any {
	if id == 0 {
		return nil
	}
	return id
}
