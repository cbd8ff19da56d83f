'use strict';
// Public tests: they call a running service at BASE_URL (default http://127.0.0.1:$PORT, PORT 8000), which
// talks to the payments provider at ASSAY_SERVICE_PAYMENTS_URL (`make provider` runs a local one).
// They are a small sample of the checks the platform runs; passing them is a start, not the goal.
const assert = require('node:assert/strict');
const { test } = require('node:test');

const BASE = process.env.BASE_URL || `http://127.0.0.1:${process.env.PORT || 8000}`;

async function call(method, path, body) {
  const res = await fetch(BASE + path, {
    method,
    headers: body ? { 'content-type': 'application/json' } : {},
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : null };
}

test('health', async () => {
  assert.equal((await call('GET', '/health')).status, 200);
});

test('an order is created with a payment', async () => {
  const res = await call('POST', '/orders', { amount: 2500, currency: 'EUR' });
  assert.equal(res.status, 201);
  assert.ok(res.body.payment_id);
  assert.equal(res.body.payment_status, 'pending');
  assert.equal(res.body.refunded_amount, 0);
  assert.equal((await call('GET', `/orders/${res.body.id}`)).body.payment_id, res.body.payment_id);
});

test('an unsigned webhook is refused', async () => {
  const res = await call('POST', '/webhooks/payments', { id: 'evt_forged', type: 'payment.succeeded', data: {} });
  assert.ok([400, 401, 403].includes(res.status), `answered ${res.status}`);
});
