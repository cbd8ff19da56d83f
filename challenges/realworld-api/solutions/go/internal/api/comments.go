package api

import (
	"context"
	"net/http"
	"strconv"
	"time"

	"github.com/jackc/pgx/v5"
)

const (
	commentsSQL = `SELECT c.id, c.author_id, c.body, c.created_at, c.updated_at, u.username, u.bio, u.image,
  EXISTS (SELECT 1 FROM follows fo WHERE fo.followee_id = c.author_id AND fo.follower_id = $1::bigint) AS following
FROM comments c JOIN users u ON u.id = c.author_id
WHERE c.article_id = $2 AND ($3::bigint IS NULL OR c.id = $3)
ORDER BY c.created_at, c.id`
	insertCommentSQL = `INSERT INTO comments (article_id, author_id, body) VALUES ($1, $2, $3) RETURNING id`
	deleteCommentSQL = `DELETE FROM comments WHERE id = $1`
)

type comment struct {
	ID        int64     `json:"id"`
	Body      string    `json:"body"`
	CreatedAt timestamp `json:"createdAt"`
	UpdatedAt timestamp `json:"updatedAt"`
	Author    profile   `json:"author"`
}

// selectComments lists an article's comments, oldest first; only the one with id when id is not 0.
func (s *Server) selectComments(ctx context.Context, viewer, articleID, id int64) ([]comment, error) {
	rows, err := s.pool.Query(ctx, commentsSQL, nullable(viewer), articleID, nullable(id))
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, func(row pgx.CollectableRow) (comment, error) {
		var c comment
		var created, updated time.Time
		err := row.Scan(&c.ID, &c.Author.ID, &c.Body, &created, &updated,
			&c.Author.Username, &c.Author.Bio, &c.Author.Image, &c.Author.Following)
		c.CreatedAt, c.UpdatedAt = timestamp(created), timestamp(updated)
		return c, err
	})
}

func (s *Server) listComments(w http.ResponseWriter, r *http.Request) error {
	viewer, err := s.viewer(r)
	if err != nil {
		return err
	}
	a, err := s.findArticle(r.Context(), r.PathValue("slug"), viewer)
	if err != nil {
		return err
	}
	comments, err := s.selectComments(r.Context(), viewer, a.ID, 0)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, map[string][]comment{"comments": comments})
	return nil
}

func (s *Server) addComment(w http.ResponseWriter, r *http.Request) error {
	me, err := s.me(r)
	if err != nil {
		return err
	}
	f, err := unwrap(w, r, "comment")
	if err != nil {
		return err
	}
	body, err := f.text("body", true, 10_000)
	if err != nil {
		return err
	}
	a, err := s.findArticle(r.Context(), r.PathValue("slug"), me)
	if err != nil {
		return err
	}
	var id int64
	if err := s.pool.QueryRow(r.Context(), insertCommentSQL, a.ID, me, *body).Scan(&id); err != nil {
		return err
	}
	created, err := s.selectComments(r.Context(), me, a.ID, id)
	if err != nil || len(created) == 0 {
		return err
	}
	writeJSON(w, http.StatusCreated, map[string]comment{"comment": created[0]})
	return nil
}

func (s *Server) deleteComment(w http.ResponseWriter, r *http.Request) error {
	me, err := s.me(r)
	if err != nil {
		return err
	}
	a, err := s.findArticle(r.Context(), r.PathValue("slug"), me)
	if err != nil {
		return err
	}
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		return notFound("comment")
	}
	found, err := s.selectComments(r.Context(), me, a.ID, id)
	if err != nil {
		return err
	}
	if len(found) == 0 {
		return notFound("comment")
	}
	if found[0].Author.ID != me {
		return forbidden("only the author may delete this comment")
	}
	if _, err := s.pool.Exec(r.Context(), deleteCommentSQL, id); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}
