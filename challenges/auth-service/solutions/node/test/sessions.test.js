'use strict';
// Our own checks beyond the public sample: reuse detection, logout.
const assert = require('node:assert/strict');
const crypto = require('node:crypto');
const { test } = require('node:test');

const BASE = process.env.BASE_URL || `http://127.0.0.1:${process.env.PORT || 8000}`;

async function call(method, path, body, token) {
  const headers = body ? { 'content-type': 'application/json' } : {};
  if (token) headers.authorization = `Bearer ${token}`;
  const res = await fetch(BASE + path, { method, headers, body: body ? JSON.stringify(body) : undefined });
  return { status: res.status, body: res.status === 204 ? null : await res.json() };
}

async function login() {
  const email = `own-${crypto.randomUUID().slice(0, 10)}@example.com`;
  await call('POST', '/auth/register', { email, password: 'a long enough password' });
  return (await call('POST', '/auth/login', { email, password: 'a long enough password' })).body;
}

test('reuse revokes the family', async () => {
  const tokens = await login();
  const newer = (await call('POST', '/auth/refresh', { refresh_token: tokens.refresh_token })).body;
  assert.equal((await call('POST', '/auth/refresh', { refresh_token: tokens.refresh_token })).status, 401);
  assert.equal((await call('GET', '/me', null, newer.access_token)).status, 401);
});

test('logout ends the session', async () => {
  const tokens = await login();
  assert.equal((await call('POST', '/auth/logout', null, tokens.access_token)).status, 204);
  assert.equal((await call('GET', '/me', null, tokens.access_token)).status, 401);
});
