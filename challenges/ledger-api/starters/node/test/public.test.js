'use strict';
// Public tests: they call a running service at BASE_URL (default http://127.0.0.1:$PORT, PORT 8000).
// Run the service in one terminal (npm start) and the tests in another (npm test).
// They are a small sample of the checks the platform runs; passing them is a start, not the goal.
const assert = require('node:assert/strict');
const crypto = require('node:crypto');
const { test } = require('node:test');

const BASE = process.env.BASE_URL || `http://127.0.0.1:${process.env.PORT || 8000}`;

async function call(method, path, body, headers = {}) {
  const res = await fetch(BASE + path, {
    method,
    headers: body ? { 'content-type': 'application/json', ...headers } : headers,
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await res.text();
  return { status: res.status, headers: res.headers, body: text ? JSON.parse(text) : null };
}

async function openAccount(balance = 10000) {
  const res = await call('POST', '/accounts', { owner: `owner-${crypto.randomUUID().slice(0, 8)}`, initial_balance: balance });
  assert.equal(res.status, 201);
  return res.body;
}

const balance = async (id) => (await call('GET', `/accounts/${id}`)).body.balance;

test('health', async () => {
  assert.equal((await call('GET', '/health')).status, 200);
});

test('open account returns 201 with Location', async () => {
  const res = await call('POST', '/accounts', { owner: 'Alice', initial_balance: 10000 });
  assert.equal(res.status, 201);
  assert.equal((await call('GET', res.headers.get('location'))).body.balance, 10000);
});

test('a transfer moves the money', async () => {
  const [a, b] = [await openAccount(10000), await openAccount(0)];
  const res = await call('POST', '/transfers', { from_account_id: a.id, to_account_id: b.id, amount: 2500 });
  assert.equal(res.status, 201);
  assert.deepEqual([await balance(a.id), await balance(b.id)], [7500, 2500]);
});

test('an overdraft is 409 and changes nothing', async () => {
  const [a, b] = [await openAccount(100), await openAccount(0)];
  const res = await call('POST', '/transfers', { from_account_id: a.id, to_account_id: b.id, amount: 101 });
  assert.equal(res.status, 409);
  assert.equal(await balance(a.id), 100);
});

test('an invalid amount is 422 naming the field', async () => {
  const [a, b] = [await openAccount(), await openAccount()];
  const res = await call('POST', '/transfers', { from_account_id: a.id, to_account_id: b.id, amount: 0 });
  assert.equal(res.status, 422);
  assert.ok(res.body.errors.some((e) => e.field === 'amount'));
});

test('a retry with the same key moves the money once', async () => {
  const [a, b] = [await openAccount(1000), await openAccount(0)];
  const body = { from_account_id: a.id, to_account_id: b.id, amount: 300 };
  const key = { 'Idempotency-Key': crypto.randomUUID() };
  const first = await call('POST', '/transfers', body, key);
  const again = await call('POST', '/transfers', body, key);
  assert.deepEqual([first.status, again.status], [201, 201]);
  assert.equal(again.body.id, first.body.id);
  assert.equal(await balance(b.id), 300);
});
