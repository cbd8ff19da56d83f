'use strict';
// Transfers: all or nothing, never overdrawn, applied once per Idempotency-Key.
//
// The transfer row is inserted first. Its unique idempotency key makes a concurrent retry wait at
// that INSERT until the first request commits (then ON CONFLICT DO NOTHING: we replay it) or rolls
// back (then the retry goes ahead). The balances change with conditional UPDATEs, in account id
// order so that opposite transfers never deadlock; the debit only matches while the balance covers it.
const express = require('express');
const { inTransaction } = require('./db');
const { insufficientFunds, invalid, keyReused, notFound } = require('./problems');
const { idempotencyKey, pathId, transferBody } = require('./validate');

class Replay { constructor(row) { this.row = row; } }

async function requireAccounts(db, t) {
  const { rows } = await db.query('SELECT id FROM accounts WHERE id = ANY($1::bigint[])', [[t.from, t.to]]);
  const known = new Set(rows.map((r) => r.id));
  const errors = [['from_account_id', t.from], ['to_account_id', t.to]]
    .filter(([, id]) => !known.has(id)).map(([field]) => ({ field, message: 'no such account' }));
  if (errors.length) throw invalid(errors);
}

async function earlierTransfer(db, key, t) {
  const { rows } = await db.query('SELECT id, from_account_id, to_account_id, amount, created_at FROM transfers WHERE idempotency_key = $1', [key]);
  const row = rows[0];
  if (row && (row.from_account_id !== t.from || row.to_account_id !== t.to || row.amount !== t.amount)) {
    throw keyReused(`the Idempotency-Key ${JSON.stringify(key)} was used for another transfer`);
  }
  return row;
}

async function moveMoney(client, t) {
  for (const id of [t.from, t.to].sort((a, b) => a - b)) {
    if (id === t.from) {
      const debit = await client.query(
        'UPDATE accounts SET balance = balance - $1 WHERE id = $2 AND balance >= $1', [t.amount, id]);
      if (debit.rowCount === 0) throw insufficientFunds(`account ${id} holds less than ${t.amount}`);
    } else {
      await client.query('UPDATE accounts SET balance = balance + $1 WHERE id = $2', [t.amount, id]);
    }
  }
}

async function makeTransfer(pool, t, key) {
  await requireAccounts(pool, t);
  try {
    return await inTransaction(pool, async (client) => {
      const { rows } = await client.query(
        'INSERT INTO transfers (from_account_id, to_account_id, amount, idempotency_key) VALUES ($1, $2, $3, $4) '
        + 'ON CONFLICT (idempotency_key) DO NOTHING RETURNING id, from_account_id, to_account_id, amount, created_at', [t.from, t.to, t.amount, key]);
      if (!rows.length) throw new Replay(null);
      await moveMoney(client, t);
      return rows[0];
    });
  } catch (err) {
    if (!(err instanceof Replay)) throw err;
    return earlierTransfer(pool, key, t);
  }
}

function transfersRouter(pool) {
  const router = express.Router();

  router.post('/transfers', async (req, res) => {
    const t = transferBody(req.body ?? {});
    const row = await makeTransfer(pool, t, idempotencyKey(req));
    res.status(201).location(`/transfers/${row.id}`).json(row);
  });

  router.get('/transfers/:id', async (req, res) => {
    const id = pathId(req.params.id);
    const { rows } = id === null ? { rows: [] } : await pool.query('SELECT id, from_account_id, to_account_id, amount, created_at FROM transfers WHERE id = $1', [id]);
    if (!rows.length) throw notFound(`transfer ${req.params.id} does not exist`);
    res.json(rows[0]);
  });

  return router;
}

module.exports = { transfersRouter };
