'use strict';
// Public tests: they call a running service at BASE_URL (default http://127.0.0.1:$PORT, PORT 8000).
// Run the service (npm start), load the data set once (npm run seed), then npm test.
// They are a small sample of the checks the platform runs; passing them is a start, not the goal.
const assert = require('node:assert/strict');
const { test } = require('node:test');

const BASE = process.env.BASE_URL || `http://127.0.0.1:${process.env.PORT || 8000}`;

async function get(path) {
  const res = await fetch(BASE + path);
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : null };
}

test('health', async () => {
  assert.equal((await get('/health')).status, 200);
});

test('the first page is newest first', async () => {
  const { body } = await get('/customers/42/orders?limit=20');
  assert.equal(body.items.length, 20);
  const keys = body.items.map((o) => [Date.parse(o.created_at), o.id]);
  const sorted = [...keys].sort((a, b) => (b[0] - a[0]) || (b[1] - a[1]));
  assert.deepEqual(keys, sorted);
  assert.ok(body.next_cursor);
});

test('walking the pages lists every order once', async () => {
  const seen = [];
  let cursor = null;
  do {
    const { body } = await get(`/customers/42/orders?limit=7${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
    seen.push(...body.items.map((o) => o.id));
    cursor = body.next_cursor;
  } while (cursor);
  assert.equal(seen.length, 50);
  assert.equal(new Set(seen).size, 50);
});

test('an order total is the sum of its lines', async () => {
  const { body } = await get('/customers/42/orders');
  for (const order of body.items) {
    assert.equal(order.total_cents, order.lines.reduce((s, l) => s + l.quantity * l.unit_price_cents, 0));
  }
});

test('summary', async () => {
  const { body } = await get('/customers/42/summary');
  assert.equal(body.order_count, 50);
  assert.ok(body.paid_total_cents > 0);
});

test('an unknown customer is 404', async () => {
  assert.equal((await get('/customers/999999/orders')).status, 404);
  assert.equal((await get('/customers/999999/summary')).status, 404);
});
