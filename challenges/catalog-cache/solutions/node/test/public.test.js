// Public tests: a sample of the hidden ones. Run them against your running service (npm test).
const test = require('node:test');
const assert = require('node:assert');

const BASE_URL = process.env.BASE_URL || 'http://127.0.0.1:8000';

test('health', async () => {
  assert.strictEqual((await fetch(`${BASE_URL}/health`)).status, 200);
});

test('a product has the catalog fields', async () => {
  const resp = await fetch(`${BASE_URL}/products/3`);
  assert.strictEqual(resp.status, 200);
  const body = await resp.json();
  for (const field of ['id', 'name', 'price', 'version']) assert.ok(field in body, field);
});

test('an unknown product is 404', async () => {
  assert.strictEqual((await fetch(`${BASE_URL}/products/5000`)).status, 404);
});

test('an invalidation is accepted', async () => {
  const resp = await fetch(`${BASE_URL}/invalidate`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ product_id: 3 }),
  });
  assert.ok(resp.status >= 200 && resp.status < 300);
});
