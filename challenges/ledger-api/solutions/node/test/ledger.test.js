'use strict';
// Our own checks beyond the public sample: concurrency and idempotency edge cases.
const assert = require('node:assert/strict');
const crypto = require('node:crypto');
const { test } = require('node:test');

const BASE = process.env.BASE_URL || `http://127.0.0.1:${process.env.PORT || 8000}`;

async function post(path, body, headers = {}) {
  const res = await fetch(BASE + path, {
    method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body),
  });
  return { status: res.status, body: await res.json() };
}

const balance = async (id) => (await (await fetch(`${BASE}/accounts/${id}`)).json()).balance;
const open = async (initial) => (await post('/accounts', { owner: 'test', initial_balance: initial })).body.id;

test('concurrent overdrafts: exactly the affordable ones succeed', async () => {
  const [from, to] = [await open(500), await open(0)];
  const answers = await Promise.all(Array.from({ length: 16 },
    () => post('/transfers', { from_account_id: from, to_account_id: to, amount: 100 })));
  assert.deepEqual(answers.map((a) => a.status).sort(), [...Array(5).fill(201), ...Array(11).fill(409)]);
  assert.equal(await balance(from), 0);
});

test('concurrent retries of one key move the money once', async () => {
  const [from, to] = [await open(1000), await open(0)];
  const key = { 'Idempotency-Key': crypto.randomUUID() };
  const body = { from_account_id: from, to_account_id: to, amount: 250 };
  const answers = await Promise.all(Array.from({ length: 8 }, () => post('/transfers', body, key)));
  assert.equal(new Set(answers.map((a) => a.body.id)).size, 1);
  assert.equal(await balance(to), 250);
});

test('a key reused with another body is 422', async () => {
  const [from, to] = [await open(1000), await open(0)];
  const key = { 'Idempotency-Key': crypto.randomUUID() };
  assert.equal((await post('/transfers', { from_account_id: from, to_account_id: to, amount: 1 }, key)).status, 201);
  assert.equal((await post('/transfers', { from_account_id: from, to_account_id: to, amount: 2 }, key)).status, 422);
});
