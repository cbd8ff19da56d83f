'use strict';
const express = require('express');
const { invalid, notFound } = require('./problems');
const { accountBody, pathId } = require('./validate');

async function findAccount(db, rawId) {
  const id = pathId(rawId);
  const { rows } = id === null ? { rows: [] } : await db.query('SELECT id, owner, balance, created_at FROM accounts WHERE id = $1', [id]);
  if (!rows.length) throw notFound(`account ${rawId} does not exist`);
  return rows[0];
}

function limitOf(query) {
  const limit = query.limit === undefined ? 50 : Number(query.limit);
  if (!Number.isInteger(limit) || limit < 1 || limit > 100) {
    throw invalid([{ field: 'limit', message: 'must be an integer from 1 to 100' }]);
  }
  return limit;
}

function accountsRouter(pool) {
  const router = express.Router();

  router.post('/accounts', async (req, res) => {
    const { owner, initialBalance } = accountBody(req.body ?? {});
    const { rows } = await pool.query(
      'INSERT INTO accounts (owner, balance) VALUES ($1, $2) RETURNING id, owner, balance, created_at', [owner, initialBalance]);
    res.status(201).location(`/accounts/${rows[0].id}`).json(rows[0]);
  });

  router.get('/accounts/:id', async (req, res) => {
    res.json(await findAccount(pool, req.params.id));
  });

  router.get('/accounts/:id/transfers', async (req, res) => {
    const account = await findAccount(pool, req.params.id);
    const { rows } = await pool.query(
      'SELECT id, from_account_id, to_account_id, amount, created_at FROM transfers '
        + 'WHERE from_account_id = $1 OR to_account_id = $1 ORDER BY id DESC LIMIT $2',
      [account.id, limitOf(req.query)]);
    res.json({ items: rows });
  });

  return router;
}

module.exports = { accountsRouter };
