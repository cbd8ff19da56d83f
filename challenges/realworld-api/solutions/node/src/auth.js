'use strict';
// Passwords (bcrypt) and tokens (HS256 JWTs sent as `Authorization: Token <jwt>`).
const bcrypt = require('bcryptjs');
const jwt = require('jsonwebtoken');
const { unauthorized } = require('./errors');

// Local development only: a deployment sets JWT_SECRET.
const SECRET = process.env.JWT_SECRET || 'local-dev-only';
const ROUNDS = 10;

const hashPassword = (password) => bcrypt.hash(password, ROUNDS);
const checkPassword = (password, stored) => bcrypt.compare(password, stored);
const makeToken = (userId) => jwt.sign({ sub: String(userId) }, SECRET, { algorithm: 'HS256', expiresIn: '7d' });

/** The caller's user id, null without a token; 401 for a malformed, forged or expired token. */
function viewerId(req) {
  const header = req.get('authorization');
  if (!header) return null;
  const [scheme, token] = header.trim().split(/\s+/, 2);
  if (!['token', 'bearer'].includes(scheme.toLowerCase()) || !token) {
    throw unauthorized("the Authorization header must be 'Token <jwt>'");
  }
  try {
    const id = Number.parseInt(jwt.verify(token, SECRET, { algorithms: ['HS256'] }).sub, 10);
    if (!Number.isSafeInteger(id)) throw new Error('no subject');
    return id;
  } catch {
    throw unauthorized('the token is invalid or expired');
  }
}

/** The caller's user id; 401 without a valid token. */
function userId(req) {
  const id = viewerId(req);
  if (id === null) throw unauthorized();
  return id;
}

module.exports = { hashPassword, checkPassword, makeToken, viewerId, userId };
