'use strict';
// Reading articles: the page first, then each article's author, tags and favorites one by one.

const ARTICLES = `
SELECT a.id, a.author_id, a.slug, a.title, a.description, a.body, a.created_at, a.updated_at,
  count(*) OVER ()::int AS total
FROM articles a JOIN users u ON u.id = a.author_id
WHERE ($1::text IS NULL OR a.slug = $1)
  AND ($2::text IS NULL OR u.username = $2)
  AND ($3::text IS NULL OR EXISTS (
        SELECT 1 FROM article_tags at JOIN tags t ON t.id = at.tag_id
        WHERE at.article_id = a.id AND t.name = $3))
  AND ($4::text IS NULL OR EXISTS (
        SELECT 1 FROM favorites f JOIN users fu ON fu.id = f.user_id
        WHERE f.article_id = a.id AND fu.username = $4))
  AND ($5::bigint IS NULL OR EXISTS (
        SELECT 1 FROM follows fo WHERE fo.follower_id = $5 AND fo.followee_id = a.author_id))
ORDER BY a.created_at DESC, a.id DESC
LIMIT $6 OFFSET $7`;
const AUTHOR = `
SELECT u.username, u.bio, u.image,
  EXISTS (SELECT 1 FROM follows fo WHERE fo.followee_id = u.id AND fo.follower_id = $2::bigint) AS following
FROM users u WHERE u.id = $1`;
const TAGS = `
SELECT t.name FROM article_tags at JOIN tags t ON t.id = at.tag_id WHERE at.article_id = $1 ORDER BY t.name`;
const FAVORITES = `
SELECT count(*)::int AS favorites_count,
  coalesce(bool_or(f.user_id = $2::bigint), false) AS favorited
FROM favorites f WHERE f.article_id = $1`;

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

async function withDetails(db, row, viewer) {
  const author = (await db.query(AUTHOR, [row.author_id, viewer])).rows[0];
  const tags = (await db.query(TAGS, [row.id])).rows.map((t) => t.name);
  const favorites = (await db.query(FAVORITES, [row.id, viewer])).rows[0];
  return { ...row, ...author, ...favorites, tag_list: tags };
}

async function selectArticles(db, filters, limit, offset) {
  const f = { viewer: null, slug: null, author: null, tag: null, favorited: null, feedOf: null, ...filters };
  const { rows } = await db.query(ARTICLES, [f.slug, f.author, f.tag, f.favorited, f.feedOf, limit, offset]);
  const detailed = [];
  for (const row of rows) detailed.push(await withDetails(db, row, f.viewer));
  return { rows: detailed };
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
    const first = await selectArticles(db, filters, 1, 0);
    total = first.rows.length ? first.rows[0].total : 0;
  }
  return { articles: rows.map(articleJson), articlesCount: total };
}

module.exports = { articleJson, findArticle, listArticles };
