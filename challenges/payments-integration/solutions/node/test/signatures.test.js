'use strict';
// Our own checks of the webhook signature rules and the backoff (no service needed).
const assert = require('node:assert/strict');
const crypto = require('node:crypto');
const { test } = require('node:test');

process.env.ASSAY_SERVICE_PAYMENTS_SECRET = 'test-secret';
const { verify, BadSignature } = require('../src/signatures');
const { waitBefore } = require('../src/provider');

const BODY = Buffer.from('{"id":"evt_1","type":"payment.succeeded"}');
const header = (t, body = BODY, key = 'test-secret') =>
  `t=${t},v1=${crypto.createHmac('sha256', key).update(`${t}.`).update(body).digest('hex')}`;

test('a fresh signature passes', () => {
  verify(header(1000), BODY, 1100);
});

for (const [name, given] of [
  ['missing', undefined],
  ['other key', header(1000, BODY, 'other')],
  ['other body', header(1000, Buffer.from('{}'))],
  ['too old', header(600)],
]) {
  test(`a bad or stale signature is refused: ${name}`, () => {
    assert.throws(() => verify(given, BODY, 1000), BadSignature);
  });
}

test('backoff doubles and honours Retry-After', () => {
  assert.ok(waitBefore(1, null) >= 100 && waitBefore(2, null) >= 200 && waitBefore(3, null) >= 400);
  const tooMany = { status: 429, headers: new Headers({ 'retry-after': '2' }) };
  assert.ok(waitBefore(1, tooMany) >= 2000);
});
