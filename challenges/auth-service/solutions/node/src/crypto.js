'use strict';
// Password hashing (scrypt, salted) and opaque tokens stored as SHA-256 digests.
const crypto = require('node:crypto');
const { promisify } = require('node:util');

const scrypt = promisify(crypto.scrypt);
// About 50 ms and 16 MB per hash: slow for an attacker, fine for a login.
const COST = { N: 16384, r: 8, p: 1 };

async function hashPassword(password) {
  const salt = crypto.randomBytes(16);
  const key = await scrypt(password, salt, 32, COST);
  return `scrypt$${COST.N}$${COST.r}$${COST.p}$${salt.toString('base64')}$${key.toString('base64')}`;
}

async function verifyPassword(password, stored) {
  const [, N, r, p, salt, key] = stored.split('$');
  const expected = Buffer.from(key, 'base64');
  const actual = await scrypt(password, Buffer.from(salt, 'base64'), expected.length, { N: +N, r: +r, p: +p });
  return crypto.timingSafeEqual(actual, expected);
}

const newToken = () => crypto.randomBytes(32).toString('base64url');
const digest = (token) => crypto.createHash('sha256').update(token).digest('hex');

// Checked when the email is unknown, so both answers take as long (no timing oracle).
const dummyHash = hashPassword(newToken());

module.exports = { hashPassword, verifyPassword, newToken, digest, dummyHash };
