'use strict';
// Registration, login with throttling, refresh rotation with reuse detection, logout, /me, admin.
const express = require('express');
const { inTransaction } = require('./db');
const { digest, dummyHash, hashPassword, verifyPassword } = require('./crypto');
const { conflict, throttled, unauthorized } = require('./problems');
const { adminOnly, authenticate, issueTokens, revokeSession, startSession } = require('./sessions');
const { credentials, strings } = require('./validate');

const MAX_FAILURES = 5;
const LOCK_MINUTES = 15;

async function recordFailure(db, email) {
  await db.query(
    'INSERT INTO login_throttle AS t (email, failures) VALUES ($1, 1) ON CONFLICT (email) DO UPDATE SET '
    + 'failures = CASE WHEN t.first_failed_at < now() - make_interval(mins => $2) THEN 1 ELSE t.failures + 1 END, '
    + 'first_failed_at = CASE WHEN t.first_failed_at < now() - make_interval(mins => $2) THEN now() ELSE t.first_failed_at END',
    [email, LOCK_MINUTES]);
  await db.query(
    'UPDATE login_throttle SET locked_until = now() + make_interval(mins => $1) WHERE email = $2 AND failures >= $3',
    [LOCK_MINUTES, email, MAX_FAILURES]);
}

async function login(pool, email, password) {
  const key = email.toLowerCase();
  const locked = await pool.query('SELECT 1 FROM login_throttle WHERE email = $1 AND locked_until > now()', [key]);
  if (locked.rows.length) throw throttled('too many failed logins for this email; try again later');
  const { rows } = await pool.query('SELECT id, password_hash FROM users WHERE lower(email) = $1', [key]);
  const user = rows[0];
  // An unknown email costs a hash check too, so the timing does not tell which emails exist.
  const matches = await verifyPassword(password, user ? user.password_hash : await dummyHash);
  if (!user || !matches) {
    await recordFailure(pool, key);
    throw unauthorized('wrong email or password');
  }
  return inTransaction(pool, async (client) => {
    await client.query('DELETE FROM login_throttle WHERE email = $1', [key]);
    return startSession(client, user.id);
  });
}

async function refresh(pool, token) {
  let reused = false;
  const tokens = await inTransaction(pool, async (client) => {
    const { rows } = await client.query(
      'SELECT r.session_id, r.used_at, s.revoked_at FROM refresh_tokens r JOIN sessions s ON s.id = r.session_id '
      + 'WHERE r.token_hash = $1 AND r.expires_at > now() FOR UPDATE OF r, s', [digest(token)]);
    const row = rows[0];
    if (!row) return null;
    if (row.used_at || row.revoked_at) {
      // A used token again: someone holds a copy. End the family for everyone holding it.
      reused = true;
      await revokeSession(client, row.session_id);
      return null;
    }
    await client.query('UPDATE refresh_tokens SET used_at = now() WHERE token_hash = $1', [digest(token)]);
    return issueTokens(client, row.session_id);
  });
  if (!tokens) throw unauthorized(reused ? 'the refresh token was already used' : 'the refresh token is invalid');
  return tokens;
}

function authRouter(pool) {
  const router = express.Router();
  const auth = authenticate(pool);

  router.post('/auth/register', async (req, res) => {
    const { email, password } = credentials(req.body ?? {});
    try {
      const { rows } = await pool.query(
        'INSERT INTO users (email, password_hash) VALUES ($1, $2) RETURNING id, email, role, created_at',
        [email, await hashPassword(password)]);
      res.status(201).json(rows[0]);
    } catch (err) {
      if (err.code === '23505') throw conflict('this email is already registered');
      throw err;
    }
  });

  router.post('/auth/login', async (req, res) => {
    const { email, password } = strings(req.body ?? {}, 'email', 'password');
    res.json(await login(pool, email, password));
  });

  router.post('/auth/refresh', async (req, res) => {
    res.json(await refresh(pool, strings(req.body ?? {}, 'refresh_token').refresh_token));
  });

  router.post('/auth/logout', auth, async (req, res) => {
    await revokeSession(pool, req.caller.sessionId);
    res.status(204).end();
  });

  router.get('/me', auth, async (req, res) => {
    const { rows } = await pool.query('SELECT id, email, role, created_at FROM users WHERE id = $1', [req.caller.userId]);
    res.json(rows[0]);
  });

  router.get('/admin/users', auth, adminOnly, async (req, res) => {
    const { rows } = await pool.query('SELECT id, email, role, created_at FROM users ORDER BY id');
    res.json({ items: rows });
  });

  return router;
}

module.exports = { authRouter };
