'use strict';
// Public tests: they call a running service at BASE_URL (default http://127.0.0.1:$PORT, PORT 8000).
// Run the service in one terminal (npm start) and the tests in another (npm test).
// They are a small sample of the checks the platform runs; passing them is a start, not the goal.
const assert = require('node:assert/strict');
const crypto = require('node:crypto');
const { test } = require('node:test');

const BASE = process.env.BASE_URL || `http://127.0.0.1:${process.env.PORT || 8000}`;
const day = new Date(Date.UTC(new Date().getUTCFullYear() + 2, 0, 1) + crypto.randomInt(0, 2000) * 86400000);
const at = (clock) => {
  const [h, m] = clock.split(':').map(Number);
  return new Date(day.getTime() + (h * 60 + m) * 60000).toISOString().replace('.000Z', 'Z');
};

async function call(method, path, body) {
  const res = await fetch(BASE + path, {
    method, headers: body ? { 'content-type': 'application/json' } : {}, body: body ? JSON.stringify(body) : undefined,
  });
  const text = await res.text();
  return { status: res.status, headers: res.headers, body: text ? JSON.parse(text) : null };
}

async function newRoom() {
  const res = await call('POST', '/rooms', { name: `room-${crypto.randomUUID().slice(0, 12)}`, capacity: 8 });
  assert.equal(res.status, 201);
  return res.body;
}

test('health', async () => {
  assert.equal((await call('GET', '/health')).status, 200);
});

test('create room returns 201 with Location', async () => {
  const res = await call('POST', '/rooms', { name: `room-${crypto.randomUUID().slice(0, 12)}`, capacity: 6 });
  assert.equal(res.status, 201);
  const location = res.headers.get('location');
  assert.ok(location);
  assert.equal((await call('GET', location)).body.id, res.body.id);
});

test('invalid room is 422 naming the field', async () => {
  const res = await call('POST', '/rooms', { name: 'ok', capacity: 0 });
  assert.equal(res.status, 422);
  assert.ok(res.body.errors.some((e) => e.field === 'capacity'));
});

test('ends_at must be after starts_at', async () => {
  const room = await newRoom();
  const res = await call('POST', '/bookings', { room_id: room.id, title: 'x', starts_at: at('10:00'), ends_at: at('09:00') });
  assert.equal(res.status, 422);
  assert.ok(res.body.errors.some((e) => e.field === 'ends_at'));
});

test('overlap is 409 but back-to-back is fine', async () => {
  const room = await newRoom();
  const first = { room_id: room.id, title: 'a', starts_at: at('09:00'), ends_at: at('10:00') };
  assert.equal((await call('POST', '/bookings', first)).status, 201);
  assert.equal((await call('POST', '/bookings', { ...first, starts_at: at('09:30'), ends_at: at('10:30') })).status, 409);
  assert.equal((await call('POST', '/bookings', { ...first, starts_at: at('10:00'), ends_at: at('11:00') })).status, 201);
});

test('lists use the envelope', async () => {
  const room = await newRoom();
  const body = { room_id: room.id, title: 'a', starts_at: at('09:00'), ends_at: at('10:00') };
  assert.equal((await call('POST', '/bookings', body)).status, 201);
  const page = (await call('GET', `/bookings?room_id=${room.id}&limit=10`)).body;
  assert.deepEqual(page.items.map((b) => b.room_id), [room.id]);
  assert.equal(page.next_cursor, null);
});

test('OpenAPI document is served', async () => {
  assert.match((await call('GET', '/openapi.json')).body.openapi, /^3\./);
});
