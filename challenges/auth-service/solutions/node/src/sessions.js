'use strict';
// Sessions are token families: one login and every refresh that follows it.
const { digest, newToken } = require('./crypto');
const { forbidden, unauthorized } = require('./problems');

const ACCESS_SECONDS = 300;
const REFRESH_DAYS = 30;

async function issueTokens(db, sessionId) {
  const [access, refresh] = [newToken(), newToken()];
  await db.query(
    'INSERT INTO access_tokens (token_hash, session_id, expires_at) VALUES ($1, $2, now() + make_interval(secs => $3))',
    [digest(access), sessionId, ACCESS_SECONDS]);
  await db.query(
    'INSERT INTO refresh_tokens (token_hash, session_id, expires_at) VALUES ($1, $2, now() + make_interval(days => $3))',
    [digest(refresh), sessionId, REFRESH_DAYS]);
  return { access_token: access, refresh_token: refresh, token_type: 'Bearer', expires_in: ACCESS_SECONDS };
}

async function startSession(db, userId) {
  const { rows } = await db.query('INSERT INTO sessions (user_id) VALUES ($1) RETURNING id', [userId]);
  return issueTokens(db, rows[0].id);
}

async function revokeSession(db, sessionId) {
  await db.query('UPDATE sessions SET revoked_at = now() WHERE id = $1 AND revoked_at IS NULL', [sessionId]);
}

/** Middleware: req.caller = {userId, role, sessionId} from a valid access token, else 401. */
function authenticate(pool) {
  return async (req, res, next) => {
    const [scheme, token] = (req.get('authorization') || '').split(' ');
    if (!scheme || scheme.toLowerCase() !== 'bearer' || !token) throw unauthorized('a Bearer access token is required');
    const { rows } = await pool.query(
      'SELECT s.user_id, u.role, s.id AS session_id FROM access_tokens a '
      + 'JOIN sessions s ON s.id = a.session_id JOIN users u ON u.id = s.user_id '
      + 'WHERE a.token_hash = $1 AND a.expires_at > now() AND s.revoked_at IS NULL', [digest(token)]);
    if (!rows.length) throw unauthorized('the access token is invalid, expired or revoked');
    req.caller = { userId: rows[0].user_id, role: rows[0].role, sessionId: rows[0].session_id };
    next();
  };
}

function adminOnly(req, res, next) {
  if (req.caller.role !== 'admin') throw forbidden('this route is for admins');
  next();
}

module.exports = { issueTokens, startSession, revokeSession, authenticate, adminOnly };
