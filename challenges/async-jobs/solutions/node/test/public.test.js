// Public tests: a sample of the hidden ones. Run them against your running service and worker (npm test).
const test = require('node:test');
const assert = require('node:assert');

const BASE_URL = process.env.BASE_URL || 'http://127.0.0.1:8000';
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

async function waitFor(url) {
  for (let i = 0; i < 100; i += 1) {
    const body = await (await fetch(`${BASE_URL}${url}`)).json();
    if (body.status === 'done' || body.status === 'failed') return body;
    await sleep(100);
  }
  throw new Error(`${url} did not finish`);
}

test('health', async () => {
  assert.strictEqual((await fetch(`${BASE_URL}/health`)).status, 200);
});

test('a job is accepted and credited', async () => {
  const account = `public-${Date.now()}`;
  const resp = await fetch(`${BASE_URL}/jobs`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ account, amount: 7 }),
  });
  assert.strictEqual(resp.status, 202);
  assert.strictEqual((await waitFor((await resp.json()).status_url)).status, 'done');
  assert.strictEqual((await (await fetch(`${BASE_URL}/accounts/${account}`)).json()).balance, 7);
});

test('an invalid job is refused', async () => {
  const resp = await fetch(`${BASE_URL}/jobs`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ account: '', amount: 0 }),
  });
  assert.ok([400, 422].includes(resp.status));
});
