package api

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"net/http"
	"regexp"
	"strings"

	"github.com/jackc/pgx/v5"

	"conduit/internal/db"
)

const (
	insertArticleSQL = `INSERT INTO articles (slug, title, description, body, author_id) VALUES ($1, $2, $3, $4, $5)
ON CONFLICT (slug) DO NOTHING RETURNING slug`
	updateArticleSQL = `UPDATE articles SET slug = $2, title = $3, description = $4, body = $5, updated_at = clock_timestamp()
WHERE id = $1`
	insertTagsSQL = `INSERT INTO tags (name) SELECT unnest($1::text[]) ON CONFLICT (name) DO NOTHING`
	linkTagsSQL   = `INSERT INTO article_tags (article_id, tag_id) SELECT a.id, t.id FROM articles a, tags t
WHERE a.slug = $1 AND t.name = ANY($2::text[]) ON CONFLICT DO NOTHING`
	deleteArticleSQL = `DELETE FROM articles WHERE id = $1`
	favoriteSQL      = `INSERT INTO favorites (user_id, article_id) VALUES ($1, $2) ON CONFLICT DO NOTHING`
	unfavoriteSQL    = `DELETE FROM favorites WHERE user_id = $1 AND article_id = $2`
	allTagsSQL       = `SELECT name FROM tags ORDER BY name`
	defaultLimit     = 20
	maxLimit         = 100
	maxOffset        = 10_000_000
)

var notSlug = regexp.MustCompile(`[^a-z0-9]+`)

func slugify(title string) string {
	slug := strings.Trim(notSlug.ReplaceAllString(strings.ToLower(title), "-"), "-")
	if len(slug) > 80 {
		slug = strings.TrimRight(slug[:80], "-")
	}
	if slug == "" {
		return "article"
	}
	return slug
}

// suffixed is the slug with a short random suffix, for a title whose slug is taken.
func suffixed(slug string) string {
	b := make([]byte, 3)
	_, _ = rand.Read(b)
	return slug + "-" + hex.EncodeToString(b)
}

func page(r *http.Request) (int, int, error) {
	q := r.URL.Query()
	limit, err := queryNumber(q, "limit", defaultLimit, 1, maxLimit)
	if err != nil {
		return 0, 0, err
	}
	offset, err := queryNumber(q, "offset", 0, 0, maxOffset)
	return limit, offset, err
}

func (s *Server) listArticles(w http.ResponseWriter, r *http.Request) error {
	viewer, err := s.viewer(r)
	if err != nil {
		return err
	}
	limit, offset, err := page(r)
	if err != nil {
		return err
	}
	f := filters{viewer: viewer}
	q := r.URL.Query()
	for name, target := range map[string]**string{"tag": &f.tag, "author": &f.author, "favorited": &f.favorited} {
		if *target, err = queryText(q, name); err != nil {
			return err
		}
	}
	list, err := s.queryArticles(r.Context(), f, limit, offset)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, list)
	return nil
}

func (s *Server) feed(w http.ResponseWriter, r *http.Request) error {
	me, err := s.me(r)
	if err != nil {
		return err
	}
	limit, offset, err := page(r)
	if err != nil {
		return err
	}
	list, err := s.queryArticles(r.Context(), filters{viewer: me, feedOf: me}, limit, offset)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, list)
	return nil
}

func writeArticle(w http.ResponseWriter, status int, a article) {
	writeJSON(w, status, map[string]article{"article": a})
}

func (s *Server) getArticle(w http.ResponseWriter, r *http.Request) error {
	viewer, err := s.viewer(r)
	if err != nil {
		return err
	}
	a, err := s.findArticle(r.Context(), r.PathValue("slug"), viewer)
	if err != nil {
		return err
	}
	writeArticle(w, http.StatusOK, a)
	return nil
}

type articleInput struct {
	title, description, body *string
}

func readArticle(f fields, required bool) (articleInput, error) {
	var in articleInput
	var err error
	if in.title, err = f.text("title", required, 300); err != nil {
		return in, err
	}
	if in.description, err = f.text("description", required, 1000); err != nil {
		return in, err
	}
	if in.body, err = f.text("body", required, 100_000); err != nil {
		return in, err
	}
	for name, value := range map[string]*string{"title": in.title, "description": in.description, "body": in.body} {
		if value != nil && strings.TrimSpace(*value) == "" {
			return in, invalid(name, "can't be blank")
		}
	}
	return in, nil
}

func (s *Server) createArticle(w http.ResponseWriter, r *http.Request) error {
	me, err := s.me(r)
	if err != nil {
		return err
	}
	f, err := unwrap(w, r, "article")
	if err != nil {
		return err
	}
	in, err := readArticle(f, true)
	if err != nil {
		return err
	}
	tags, err := f.strings("tagList", 100)
	if err != nil {
		return err
	}
	var slug string
	err = pgx.BeginFunc(r.Context(), s.pool, func(tx pgx.Tx) error {
		if slug, err = insertArticle(r.Context(), tx, in, me); err != nil || len(tags) == 0 {
			return err
		}
		if _, err := tx.Exec(r.Context(), insertTagsSQL, tags); err != nil {
			return err
		}
		_, err := tx.Exec(r.Context(), linkTagsSQL, slug, tags)
		return err
	})
	if err != nil {
		return err
	}
	a, err := s.findArticle(r.Context(), slug, me)
	if err != nil {
		return err
	}
	writeArticle(w, http.StatusCreated, a)
	return nil
}

// insertArticle stores the article under the title's slug, or a suffixed one when that is taken.
func insertArticle(ctx context.Context, tx pgx.Tx, in articleInput, author int64) (string, error) {
	base := slugify(*in.title)
	for slug := base; ; slug = suffixed(base) {
		var stored string
		err := tx.QueryRow(ctx, insertArticleSQL, slug, *in.title, *in.description, *in.body, author).Scan(&stored)
		if !errors.Is(err, pgx.ErrNoRows) {
			return stored, err
		}
	}
}

// ownArticle is the caller's own article: 404 when unknown, then 403 when someone else wrote it.
func (s *Server) ownArticle(r *http.Request) (article, int64, error) {
	me, err := s.me(r)
	if err != nil {
		return article{}, 0, err
	}
	a, err := s.findArticle(r.Context(), r.PathValue("slug"), me)
	if err == nil && a.AuthorID != me {
		err = forbidden("only the author may change or delete this article")
	}
	return a, me, err
}

func (s *Server) updateArticle(w http.ResponseWriter, r *http.Request) error {
	a, me, err := s.ownArticle(r)
	if err != nil {
		return err
	}
	f, err := unwrap(w, r, "article")
	if err != nil {
		return err
	}
	in, err := readArticle(f, false)
	if err != nil {
		return err
	}
	values := articleInput{title: &a.Title, description: &a.Description, body: &a.Body}
	slug := a.Slug
	if in.title != nil {
		values.title, slug = in.title, slugify(*in.title)
	}
	if in.description != nil {
		values.description = in.description
	}
	if in.body != nil {
		values.body = in.body
	}
	if slug, err = s.renameArticle(r.Context(), a, slug, values); err != nil {
		return err
	}
	updated, err := s.findArticle(r.Context(), slug, me)
	if err != nil {
		return err
	}
	writeArticle(w, http.StatusOK, updated)
	return nil
}

// renameArticle writes the new values under slug, or a suffixed slug when another article has it.
func (s *Server) renameArticle(ctx context.Context, a article, slug string, in articleInput) (string, error) {
	for attempt := 0; ; attempt++ {
		_, err := s.pool.Exec(ctx, updateArticleSQL, a.ID, slug, *in.title, *in.description, *in.body)
		if _, taken := db.Violation(err, db.UniqueViolation); !taken || attempt == 5 {
			return slug, err
		}
		slug = suffixed(slugify(*in.title))
	}
}

func (s *Server) deleteArticle(w http.ResponseWriter, r *http.Request) error {
	a, _, err := s.ownArticle(r)
	if err != nil {
		return err
	}
	if _, err := s.pool.Exec(r.Context(), deleteArticleSQL, a.ID); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

func (s *Server) favorite(w http.ResponseWriter, r *http.Request) error {
	return s.setFavorite(w, r, favoriteSQL)
}

func (s *Server) unfavorite(w http.ResponseWriter, r *http.Request) error {
	return s.setFavorite(w, r, unfavoriteSQL)
}

func (s *Server) setFavorite(w http.ResponseWriter, r *http.Request, sql string) error {
	me, err := s.me(r)
	if err != nil {
		return err
	}
	a, err := s.findArticle(r.Context(), r.PathValue("slug"), me)
	if err != nil {
		return err
	}
	if _, err := s.pool.Exec(r.Context(), sql, me, a.ID); err != nil {
		return err
	}
	if a, err = s.findArticle(r.Context(), a.Slug, me); err != nil {
		return err
	}
	writeArticle(w, http.StatusOK, a)
	return nil
}

func (s *Server) tags(w http.ResponseWriter, r *http.Request) error {
	rows, err := s.pool.Query(r.Context(), allTagsSQL)
	if err != nil {
		return err
	}
	names, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, map[string][]string{"tags": names})
	return nil
}
