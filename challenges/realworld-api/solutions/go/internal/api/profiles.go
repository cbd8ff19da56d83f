package api

import (
	"context"
	"errors"
	"net/http"

	"github.com/jackc/pgx/v5"
)

const (
	profileSQL = `SELECT u.id, u.username, u.bio, u.image,
  EXISTS (SELECT 1 FROM follows f WHERE f.followee_id = u.id AND f.follower_id = $2::bigint) AS following
FROM users u WHERE u.username = $1`
	followSQL   = `INSERT INTO follows (follower_id, followee_id) VALUES ($1, $2) ON CONFLICT DO NOTHING`
	unfollowSQL = `DELETE FROM follows WHERE follower_id = $1 AND followee_id = $2`
)

// profile is a user as others see them; it also serves as the author of articles and comments.
type profile struct {
	ID        int64   `json:"-"`
	Username  string  `json:"username"`
	Bio       *string `json:"bio"`
	Image     *string `json:"image"`
	Following bool    `json:"following"`
}

func (s *Server) findProfile(ctx context.Context, username string, viewer int64) (profile, error) {
	var p profile
	err := s.pool.QueryRow(ctx, profileSQL, username, nullable(viewer)).Scan(&p.ID, &p.Username, &p.Bio, &p.Image, &p.Following)
	if errors.Is(err, pgx.ErrNoRows) {
		return p, notFound("profile")
	}
	return p, err
}

func writeProfile(w http.ResponseWriter, p profile) {
	writeJSON(w, http.StatusOK, map[string]profile{"profile": p})
}

func (s *Server) profile(w http.ResponseWriter, r *http.Request) error {
	viewer, err := s.viewer(r)
	if err != nil {
		return err
	}
	p, err := s.findProfile(r.Context(), r.PathValue("username"), viewer)
	if err != nil {
		return err
	}
	writeProfile(w, p)
	return nil
}

func (s *Server) follow(w http.ResponseWriter, r *http.Request) error {
	return s.setFollowing(w, r, true)
}

func (s *Server) unfollow(w http.ResponseWriter, r *http.Request) error {
	return s.setFollowing(w, r, false)
}

func (s *Server) setFollowing(w http.ResponseWriter, r *http.Request, following bool) error {
	me, err := s.me(r)
	if err != nil {
		return err
	}
	target, err := s.findProfile(r.Context(), r.PathValue("username"), me)
	if err != nil {
		return err
	}
	sql := unfollowSQL
	if following {
		if target.ID == me {
			return invalid("username", "you cannot follow yourself")
		}
		sql = followSQL
	}
	if _, err := s.pool.Exec(r.Context(), sql, me, target.ID); err != nil {
		return err
	}
	target.Following = following
	writeProfile(w, target)
	return nil
}
