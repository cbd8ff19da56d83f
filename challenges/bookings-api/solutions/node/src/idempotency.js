'use strict';
// Idempotency-Key for POST /bookings.
//
// The key row is inserted first, inside the request's transaction, so a second request with the
// same key waits on the primary key until the first commits (then replays its response) or rolls
// back (then runs itself). Only successful responses are remembered: a request that failed
// changed nothing and may be retried with the same key.
const crypto = require('node:crypto');
const { Problem } = require('./problems');

/** JSON with sorted keys, so the same request always has the same fingerprint. */
function canonical(value) {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object' && !(value instanceof Date)) {
    return `{${Object.keys(value).sort().map((k) => `${JSON.stringify(k)}:${canonical(value[k])}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

const fingerprint = (payload) => crypto.createHash('sha256').update(canonical(payload)).digest('hex');

/** Return the stored response to replay, or null when this request should run. */
async function claim(db, key, payload) {
  const hash = fingerprint(payload);
  const claimed = await db.query(
    'INSERT INTO idempotency_keys (key, request_hash) VALUES ($1, $2) ON CONFLICT (key) DO NOTHING RETURNING key',
    [key, hash],
  );
  if (claimed.rows.length) return null;
  const { rows: [stored] } = await db.query(
    'SELECT request_hash, status_code, body, location FROM idempotency_keys WHERE key = $1', [key],
  );
  if (stored.request_hash !== hash) {
    throw new Problem(422, '/problems/idempotency-key-reused', 'Idempotency key reused',
      `Idempotency-Key '${key}' was already used with a different request body`);
  }
  return stored;
}

async function remember(db, key, status, body, location) {
  await db.query('UPDATE idempotency_keys SET status_code = $1, body = $2, location = $3 WHERE key = $4',
    [status, JSON.stringify(body), location, key]);
}

module.exports = { claim, remember };
