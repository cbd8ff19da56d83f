'use strict';
// Password reset: a one-time token, mailed through the outbox table, valid for 30 minutes.
const express = require('express');
const { inTransaction } = require('./db');
const { digest, hashPassword, newToken } = require('./crypto');
const { badToken } = require('./problems');
const { resetConfirm, strings } = require('./validate');

const VALID_MINUTES = 30;

function resetRouter(pool) {
  const router = express.Router();

  router.post('/auth/password-reset', async (req, res) => {
    const { email } = strings(req.body ?? {}, 'email');
    await inTransaction(pool, async (client) => {
      const { rows } = await client.query('SELECT id, email FROM users WHERE lower(email) = lower($1)', [email]);
      if (!rows.length) return; // the same answer either way: no account enumeration
      const token = newToken();
      await client.query(
        'INSERT INTO password_resets (token_hash, user_id, expires_at) VALUES ($1, $2, now() + make_interval(mins => $3))',
        [digest(token), rows[0].id, VALID_MINUTES]);
      await client.query('INSERT INTO outbox (recipient, subject, body) VALUES ($1, $2, $3)',
        [rows[0].email, 'Reset your password', `Set a new password within 30 minutes: /reset?token=${token}`]);
    });
    res.status(202).end();
  });

  router.post('/auth/password-reset/confirm', async (req, res) => {
    const body = resetConfirm(req.body ?? {});
    const passwordHash = await hashPassword(body.new_password);
    await inTransaction(pool, async (client) => {
      const { rows } = await client.query(
        'UPDATE password_resets SET used_at = now() WHERE token_hash = $1 AND used_at IS NULL AND expires_at > now() '
        + 'RETURNING user_id', [digest(body.token)]);
      if (!rows.length) throw badToken('the reset token is unknown, used or expired');
      await client.query('UPDATE users SET password_hash = $1 WHERE id = $2', [passwordHash, rows[0].user_id]);
      await client.query('UPDATE sessions SET revoked_at = now() WHERE user_id = $1 AND revoked_at IS NULL',
        [rows[0].user_id]);
    });
    res.status(204).end();
  });

  return router;
}

module.exports = { resetRouter };
