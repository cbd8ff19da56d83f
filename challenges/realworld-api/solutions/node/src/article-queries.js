'use strict';
// Reading articles. One query serves the list, the feed and a single article: every filter is optional
// (NULL = not applied), and tags, favorites and following come from subqueries, so a page costs one
// round trip whatever its size.

const ARTICLES = `
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
LIMIT $7 OFFSET $8`;

const iso = (value) => value.toISOString();

function articleJson(row) {
  return {
    slug: row.slug,
    title: row.title,
    description: row.description,
    body: row.body,
    tagList: row.tag_list,
    createdAt: iso(row.created_at),
    updatedAt: iso(row.updated_at),
    favorited: row.favorited,
    favoritesCount: row.favorites_count,
    author: { username: row.username, bio: row.bio, image: row.image, following: row.following },
  };
}

function selectArticles(db, filters, limit, offset) {
  const f = { viewer: null, slug: null, author: null, tag: null, favorited: null, feedOf: null, ...filters };
  return db.query(ARTICLES, [f.viewer, f.slug, f.author, f.tag, f.favorited, f.feedOf, limit, offset]);
}

/** One article row by slug (with the viewer's favorited/following), or null. */
async function findArticle(db, slug, viewer) {
  const { rows } = await selectArticles(db, { slug, viewer }, 1, 0);
  return rows[0] || null;
}

/** {"articles": [...], "articlesCount": n}: one page, and the number of matches on all pages. */
async function listArticles(db, filters, limit, offset) {
  const { rows } = await selectArticles(db, filters, limit, offset);
  let total = rows.length ? rows[0].total : 0;
  if (!rows.length && offset > 0) {
    const first = await selectArticles(db, filters, 1, 0); // past the end: count without the offset
    total = first.rows.length ? first.rows[0].total : 0;
  }
  return { articles: rows.map(articleJson), articlesCount: total };
}

module.exports = { articleJson, findArticle, listArticles };
