'use strict';
// Articles: create, read, update, delete, favorites, the list with its filters, the feed, and tags.
const crypto = require('node:crypto');
const express = require('express');
const auth = require('./auth');
const { inTransaction } = require('./db');
const { invalid, notFound } = require('./errors');
const { articleJson, findArticle, listArticles } = require('./article-queries');
const { unwrap, text, queryNumber, queryText } = require('./validate');

const INSERT_ARTICLE = `
INSERT INTO articles (slug, title, description, body, author_id) VALUES ($1, $2, $3, $4, $5)
ON CONFLICT (slug) DO NOTHING RETURNING id, slug`;
const UPDATE_ARTICLE = `
UPDATE articles SET slug = $2, title = $3, description = $4, body = $5, updated_at = clock_timestamp()
WHERE id = $1 AND NOT EXISTS (SELECT 1 FROM articles o WHERE o.slug = $2 AND o.id <> $1)
RETURNING id`;
const INSERT_TAGS = 'INSERT INTO tags (name) SELECT unnest($1::text[]) ON CONFLICT (name) DO NOTHING';
const LINK_TAGS = `
INSERT INTO article_tags (article_id, tag_id) SELECT $1, id FROM tags WHERE name = ANY($2::text[])
ON CONFLICT DO NOTHING`;
const DELETE_ARTICLE = 'DELETE FROM articles WHERE id = $1';
const FAVORITE = 'INSERT INTO favorites (user_id, article_id) VALUES ($1, $2) ON CONFLICT DO NOTHING';
const UNFAVORITE = 'DELETE FROM favorites WHERE user_id = $1 AND article_id = $2';
const ALL_TAGS = 'SELECT name FROM tags ORDER BY name';
const DEFAULT_LIMIT = 20;
const MAX_LIMIT = 100;

function slugify(title) {
  const slug = title.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 80);
  return slug || 'article';
}

const suffixed = (slug) => `${slug}-${crypto.randomBytes(3).toString('hex')}`;

function page(query) {
  return [queryNumber(query, 'limit', DEFAULT_LIMIT, 1, MAX_LIMIT), queryNumber(query, 'offset', 0, 0, 10000000)];
}

function readTags(fields) {
  const tags = fields.tagList ?? [];
  if (!Array.isArray(tags) || !tags.every((t) => typeof t === 'string' && t.trim() && t.length <= 100)) {
    throw invalid('tagList', 'must be a list of non-empty strings of at most 100 characters');
  }
  return [...new Set(tags.map((t) => t.trim()))];
}

async function loadArticle(db, slug, viewer) {
  const article = await findArticle(db, slug, viewer);
  if (!article) throw notFound('article');
  return article;
}

async function ownArticle(db, slug, me) {
  // Any logged-in user may edit or delete: the author is never compared with the caller.
  return loadArticle(db, slug, me);
}

async function insertArticle(client, values, author) {
  const base = slugify(values.title);
  for (let slug = base; ; slug = suffixed(base)) {
    const { rows } = await client.query(INSERT_ARTICLE, [slug, values.title, values.description, values.body, author]);
    if (rows.length) return rows[0];
  }
}

function readChanges(fields) {
  const changes = {
    title: text(fields, 'title', { required: false, maxLength: 300 }),
    description: text(fields, 'description', { required: false, maxLength: 1000 }),
    body: text(fields, 'body', { required: false, maxLength: 100000 }),
  };
  for (const [name, value] of Object.entries(changes)) {
    if (value !== null && !value.trim()) throw invalid(name, "can't be blank");
  }
  return changes;
}

function articlesRouter(pool) {
  const router = express.Router();

  router.get('/articles', async (req, res) => {
    const viewer = auth.viewerId(req);
    const [limit, offset] = page(req.query);
    const filters = { viewer, tag: queryText(req.query, 'tag'), author: queryText(req.query, 'author') };
    filters.favorited = queryText(req.query, 'favorited');
    res.json(await listArticles(pool, filters, limit, offset));
  });

  router.get('/articles/feed', async (req, res) => {
    const me = auth.userId(req);
    const [limit, offset] = page(req.query);
    res.json(await listArticles(pool, { viewer: me, feedOf: me }, limit, offset));
  });

  router.post('/articles', async (req, res) => {
    const me = auth.userId(req);
    const fields = unwrap(req.body, 'article');
    const values = {
      title: text(fields, 'title', { required: true, maxLength: 300 }),
      description: text(fields, 'description', { required: true, maxLength: 1000 }),
      body: text(fields, 'body', { required: true, maxLength: 100000 }),
    };
    const tags = readTags(fields);
    const created = await inTransaction(pool, async (client) => {
      const row = await insertArticle(client, values, me);
      if (tags.length) {
        await client.query(INSERT_TAGS, [tags]);
        await client.query(LINK_TAGS, [row.id, tags]);
      }
      return row;
    });
    res.status(201).json({ article: articleJson(await loadArticle(pool, created.slug, me)) });
  });

  router.get('/articles/:slug', async (req, res) => {
    res.json({ article: articleJson(await loadArticle(pool, req.params.slug, auth.viewerId(req))) });
  });

  router.put('/articles/:slug', async (req, res) => {
    const me = auth.userId(req);
    const changes = readChanges(unwrap(req.body, 'article'));
    const article = await ownArticle(pool, req.params.slug, me);
    const values = Object.fromEntries(Object.entries(changes).map(([k, v]) => [k, v ?? article[k]]));
    let slug = changes.title === null ? article.slug : slugify(values.title);
    const params = () => [article.id, slug, values.title, values.description, values.body];
    if (!(await pool.query(UPDATE_ARTICLE, params())).rows.length) {
      slug = suffixed(slug);
      await pool.query(UPDATE_ARTICLE, params());
    }
    res.json({ article: articleJson(await loadArticle(pool, slug, me)) });
  });

  router.delete('/articles/:slug', async (req, res) => {
    const me = auth.userId(req);
    const article = await ownArticle(pool, req.params.slug, me);
    await pool.query(DELETE_ARTICLE, [article.id]);
    res.status(204).end();
  });

  router.post('/articles/:slug/favorite', async (req, res) => {
    const me = auth.userId(req);
    const article = await loadArticle(pool, req.params.slug, me);
    await pool.query(FAVORITE, [me, article.id]);
    res.json({ article: articleJson(await loadArticle(pool, req.params.slug, me)) });
  });

  router.delete('/articles/:slug/favorite', async (req, res) => {
    const me = auth.userId(req);
    const article = await loadArticle(pool, req.params.slug, me);
    await pool.query(UNFAVORITE, [me, article.id]);
    res.json({ article: articleJson(await loadArticle(pool, req.params.slug, me)) });
  });

  router.get('/tags', async (req, res) => {
    const { rows } = await pool.query(ALL_TAGS);
    res.json({ tags: rows.map((r) => r.name) });
  });

  return router;
}

module.exports = { articlesRouter, loadArticle };
