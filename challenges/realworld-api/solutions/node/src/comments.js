'use strict';
// Comments on an article.
const express = require('express');
const auth = require('./auth');
const { forbidden, notFound } = require('./errors');
const { loadArticle } = require('./articles');
const { unwrap, text } = require('./validate');

const COMMENTS = `
SELECT c.id, c.author_id, c.body, c.created_at, c.updated_at, u.username, u.bio, u.image,
  EXISTS (SELECT 1 FROM follows fo WHERE fo.followee_id = c.author_id AND fo.follower_id = $1::bigint) AS following
FROM comments c JOIN users u ON u.id = c.author_id
WHERE c.article_id = $2 AND ($3::bigint IS NULL OR c.id = $3)
ORDER BY c.created_at, c.id`;
const INSERT_COMMENT = 'INSERT INTO comments (article_id, author_id, body) VALUES ($1, $2, $3) RETURNING id';
const DELETE_COMMENT = 'DELETE FROM comments WHERE id = $1';

const commentJson = (row) => ({
  id: row.id,
  body: row.body,
  createdAt: row.created_at.toISOString(),
  updatedAt: row.updated_at.toISOString(),
  author: { username: row.username, bio: row.bio, image: row.image, following: row.following },
});

function commentsRouter(pool) {
  const router = express.Router({ mergeParams: true });

  router.get('/', async (req, res) => {
    const viewer = auth.viewerId(req);
    const article = await loadArticle(pool, req.params.slug, viewer);
    const { rows } = await pool.query(COMMENTS, [viewer, article.id, null]);
    res.json({ comments: rows.map(commentJson) });
  });

  router.post('/', async (req, res) => {
    const me = auth.userId(req);
    const body = text(unwrap(req.body, 'comment'), 'body', { required: true, maxLength: 10000 });
    const article = await loadArticle(pool, req.params.slug, me);
    const created = await pool.query(INSERT_COMMENT, [article.id, me, body]);
    const { rows } = await pool.query(COMMENTS, [me, article.id, created.rows[0].id]);
    res.status(201).json({ comment: commentJson(rows[0]) });
  });

  router.delete('/:id', async (req, res) => {
    const me = auth.userId(req);
    const article = await loadArticle(pool, req.params.slug, me);
    const id = /^\d{1,15}$/.test(req.params.id) ? Number(req.params.id) : null;
    const { rows } = id === null ? { rows: [] } : await pool.query(COMMENTS, [me, article.id, id]);
    if (!rows.length) throw notFound('comment');
    if (Number(rows[0].author_id) !== me) throw forbidden('only the author may delete this comment');
    await pool.query(DELETE_COMMENT, [id]);
    res.status(204).end();
  });

  return router;
}

module.exports = { commentsRouter };
