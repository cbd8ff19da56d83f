'use strict';
// Notes: every query is scoped to the caller, so another user's note is simply not found (404).
const express = require('express');
const { notFound } = require('./problems');
const { authenticate } = require('./sessions');
const { newNote, noteChanges, pathId } = require('./validate');

function notesRouter(pool) {
  const router = express.Router();
  router.use('/notes', authenticate(pool));

  async function own(req, sql, params) {
    const id = pathId(req.params.id);
    const { rows } = id === null ? { rows: [] } : await pool.query(sql, [id, req.caller.userId, ...params]);
    if (!rows.length) throw notFound(`note ${req.params.id} does not exist`);
    return rows[0];
  }

  router.post('/notes', async (req, res) => {
    const note = newNote(req.body ?? {});
    const { rows } = await pool.query(
      'INSERT INTO notes (user_id, title, body) VALUES ($1, $2, $3) RETURNING id, title, body, created_at, updated_at',
      [req.caller.userId, note.title, note.body]);
    res.status(201).location(`/notes/${rows[0].id}`).json(rows[0]);
  });

  router.get('/notes', async (req, res) => {
    const { rows } = await pool.query(
      'SELECT id, title, body, created_at, updated_at FROM notes WHERE user_id = $1 ORDER BY id DESC LIMIT 500',
      [req.caller.userId]);
    res.json({ items: rows });
  });

  router.get('/notes/:id', async (req, res) => {
    res.json(await own(req,
      'SELECT id, title, body, created_at, updated_at FROM notes WHERE id = $1 AND user_id = $2', []));
  });

  router.patch('/notes/:id', async (req, res) => {
    const changes = noteChanges(req.body ?? {});
    res.json(await own(req,
      'UPDATE notes SET title = coalesce($3, title), body = coalesce($4, body), updated_at = now() '
      + 'WHERE id = $1 AND user_id = $2 RETURNING id, title, body, created_at, updated_at',
      [changes.title, changes.body]));
  });

  router.delete('/notes/:id', async (req, res) => {
    await own(req, 'DELETE FROM notes WHERE id = $1 AND user_id = $2 RETURNING id', []);
    res.status(204).end();
  });

  return router;
}

module.exports = { notesRouter };
