package api

import (
	"context"
	"time"

	"github.com/jackc/pgx/v5"
)

// articlesSQL serves the list, the feed and a single article: every filter is optional (NULL = not
// applied), and tags, favorites and following come from subqueries, so a page costs one round trip
// whatever its size. The text is constant; values are always parameters.
const articlesSQL = `
SELECT a.id, a.author_id, a.slug, a.title, a.description, a.body, a.created_at, a.updated_at,
  u.username, u.bio, u.image,
  ARRAY(SELECT t.name FROM article_tags at JOIN tags t ON t.id = at.tag_id
        WHERE at.article_id = a.id ORDER BY t.name) AS tag_list,
  (SELECT count(*) FROM favorites f WHERE f.article_id = a.id)::int AS favorites_count,
  EXISTS (SELECT 1 FROM favorites f WHERE f.article_id = a.id AND f.user_id = $1::bigint) AS favorited,
  EXISTS (SELECT 1 FROM follows fo WHERE fo.followee_id = a.author_id AND fo.follower_id = $1::bigint) AS following,
  count(*) OVER ()::int AS total
FROM articles a JOIN users u ON u.id = a.author_id
WHERE ($2::text IS NULL OR a.slug = $2)
  AND ($3::text IS NULL OR u.username = $3)
  AND ($4::text IS NULL OR EXISTS (
        SELECT 1 FROM article_tags at JOIN tags t ON t.id = at.tag_id
        WHERE at.article_id = a.id AND t.name = $4))
  AND ($5::text IS NULL OR EXISTS (
        SELECT 1 FROM favorites f JOIN users fu ON fu.id = f.user_id
        WHERE f.article_id = a.id AND fu.username = $5))
  AND ($6::bigint IS NULL OR EXISTS (
        SELECT 1 FROM follows fo WHERE fo.follower_id = $6 AND fo.followee_id = a.author_id))
ORDER BY a.created_at DESC, a.id DESC
LIMIT $7 OFFSET $8`

// filters of articlesSQL; nil or zero means "not applied".
type filters struct {
	viewer    int64
	slug      *string
	author    *string
	tag       *string
	favorited *string
	feedOf    int64
}

type article struct {
	ID             int64     `json:"-"`
	AuthorID       int64     `json:"-"`
	Slug           string    `json:"slug"`
	Title          string    `json:"title"`
	Description    string    `json:"description"`
	Body           string    `json:"body"`
	TagList        []string  `json:"tagList"`
	CreatedAt      timestamp `json:"createdAt"`
	UpdatedAt      timestamp `json:"updatedAt"`
	Favorited      bool      `json:"favorited"`
	FavoritesCount int       `json:"favoritesCount"`
	Author         profile   `json:"author"`
	total          int
}

// timestamp renders as JavaScript's toISOString does (UTC, milliseconds), as RealWorld clients expect.
type timestamp time.Time

func (t timestamp) MarshalJSON() ([]byte, error) {
	return []byte(`"` + time.Time(t).UTC().Format("2006-01-02T15:04:05.000Z") + `"`), nil
}

func (s *Server) selectArticles(ctx context.Context, f filters, limit, offset int) ([]article, error) {
	rows, err := s.pool.Query(ctx, articlesSQL,
		nullable(f.viewer), f.slug, f.author, f.tag, f.favorited, nullable(f.feedOf), limit, offset)
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, func(row pgx.CollectableRow) (article, error) {
		var a article
		var created, updated time.Time
		err := row.Scan(&a.ID, &a.AuthorID, &a.Slug, &a.Title, &a.Description, &a.Body, &created, &updated,
			&a.Author.Username, &a.Author.Bio, &a.Author.Image, &a.TagList, &a.FavoritesCount, &a.Favorited,
			&a.Author.Following, &a.total)
		a.CreatedAt, a.UpdatedAt, a.Author.ID = timestamp(created), timestamp(updated), a.AuthorID
		return a, err
	})
}

// findArticle is one article by slug, with the viewer's favorited and following; 404 when unknown.
func (s *Server) findArticle(ctx context.Context, slug string, viewer int64) (article, error) {
	found, err := s.selectArticles(ctx, filters{viewer: viewer, slug: &slug}, 1, 0)
	if err != nil {
		return article{}, err
	}
	if len(found) == 0 {
		return article{}, notFound("article")
	}
	return found[0], nil
}

type articleList struct {
	Articles      []article `json:"articles"`
	ArticlesCount int       `json:"articlesCount"`
}

// queryArticles is one page, and the number of matches on all pages together.
func (s *Server) queryArticles(ctx context.Context, f filters, limit, offset int) (articleList, error) {
	page, err := s.selectArticles(ctx, f, limit, offset)
	if err != nil {
		return articleList{}, err
	}
	list := articleList{Articles: page}
	if len(page) > 0 {
		list.ArticlesCount = page[0].total
	} else if offset > 0 { // past the end: count without the offset
		first, err := s.selectArticles(ctx, f, 1, 0)
		if err != nil {
			return articleList{}, err
		}
		if len(first) > 0 {
			list.ArticlesCount = first[0].total
		}
	}
	return list, nil
}
