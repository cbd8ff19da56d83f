'use strict';
// Public tests: they call a running service at BASE_URL (default http://127.0.0.1:$PORT, PORT 8000).
// Run the service in one terminal (npm start) and the tests in another (npm test).
// They are a small sample of the checks the platform runs; passing them is a start, not the goal.
const assert = require('node:assert/strict');
const crypto = require('node:crypto');
const { test } = require('node:test');

const BASE = process.env.BASE_URL || `http://127.0.0.1:${process.env.PORT || 8000}`;
const PASSWORD = 'correct horse battery';

async function call(method, path, body, token) {
  const headers = {};
  if (body) headers['content-type'] = 'application/json';
  if (token) headers.authorization = `Bearer ${token}`;
  const res = await fetch(BASE + path, { method, headers, body: body ? JSON.stringify(body) : undefined });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : null };
}

async function user() {
  const email = `user-${crypto.randomUUID().slice(0, 10)}@example.com`;
  assert.equal((await call('POST', '/auth/register', { email, password: PASSWORD })).status, 201);
  const login = await call('POST', '/auth/login', { email, password: PASSWORD });
  assert.equal(login.status, 200);
  return { email, tokens: login.body };
}

test('health', async () => {
  assert.equal((await call('GET', '/health')).status, 200);
});

test('/me needs a token', async () => {
  assert.equal((await call('GET', '/me')).status, 401);
});

test('login and /me', async () => {
  const { email, tokens } = await user();
  assert.equal(tokens.token_type, 'Bearer');
  assert.equal((await call('GET', '/me', null, tokens.access_token)).body.email, email);
});

test('a wrong password is 401', async () => {
  const { email } = await user();
  assert.equal((await call('POST', '/auth/login', { email, password: `${PASSWORD}x` })).status, 401);
});

test('a refresh token works once', async () => {
  const { tokens } = await user();
  assert.equal((await call('POST', '/auth/refresh', { refresh_token: tokens.refresh_token })).status, 200);
  assert.equal((await call('POST', '/auth/refresh', { refresh_token: tokens.refresh_token })).status, 401);
});

test("another user's note is 404", async () => {
  const alice = await user();
  const bob = await user();
  const note = await call('POST', '/notes', { title: 'diary', body: 'private' }, alice.tokens.access_token);
  assert.equal((await call('GET', `/notes/${note.body.id}`, null, bob.tokens.access_token)).status, 404);
});
