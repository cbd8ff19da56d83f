'use strict';
// The booking rules this service promises: half-open intervals, cancellation frees the slot, safe retries.
const assert = require('node:assert/strict');
const crypto = require('node:crypto');
const { test } = require('node:test');

const BASE = process.env.BASE_URL || `http://127.0.0.1:${process.env.PORT || 8000}`;
const day = new Date(Date.UTC(new Date().getUTCFullYear() + 3, 0, 1) + crypto.randomInt(0, 2000) * 86400000);
const at = (clock) => {
  const [h, m] = clock.split(':').map(Number);
  return new Date(day.getTime() + (h * 60 + m) * 60000).toISOString().replace('.000Z', 'Z');
};

async function call(method, path, body, headers = {}) {
  const res = await fetch(BASE + path, {
    method,
    headers: body ? { 'content-type': 'application/json', ...headers } : headers,
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : null };
}

async function newRoom() {
  const res = await call('POST', '/rooms', { name: `room-${crypto.randomUUID().slice(0, 12)}`, capacity: 8 });
  assert.equal(res.status, 201);
  return res.body;
}

const book = (room, from, to, headers) =>
  call('POST', '/bookings', { room_id: room.id, title: 'Planning', starts_at: at(from), ends_at: at(to) }, headers);

test('back-to-back bookings do not overlap', async () => {
  const room = await newRoom();
  assert.equal((await book(room, '09:00', '10:00')).status, 201);
  assert.equal((await book(room, '10:00', '11:00')).status, 201);
});

test('an overlapping booking is refused', async () => {
  const room = await newRoom();
  assert.equal((await book(room, '09:00', '10:00')).status, 201);
  assert.equal((await book(room, '09:30', '10:30')).status, 409);
});

test('a cancelled booking frees its slot', async () => {
  const room = await newRoom();
  const first = await book(room, '13:00', '14:00');
  assert.equal((await call('DELETE', `/bookings/${first.body.id}`)).status, 204);
  assert.equal((await call('GET', `/bookings/${first.body.id}`)).body.status, 'cancelled');
  assert.equal((await book(room, '13:00', '14:00')).status, 201);
});

test('a retried create with the same key books once', async () => {
  const room = await newRoom();
  const key = { 'idempotency-key': crypto.randomUUID() };
  const first = await book(room, '15:00', '16:00', key);
  const again = await book(room, '15:00', '16:00', key);
  assert.equal(first.status, 201);
  assert.equal(again.body.id, first.body.id);
});
