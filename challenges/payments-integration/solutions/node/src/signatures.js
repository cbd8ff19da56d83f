'use strict';
// Webhook signatures: `Payments-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<raw body>">`.
const crypto = require('node:crypto');

const TOLERANCE_SECONDS = 300; // older (or further in the future) is a replay, whatever the signature

class BadSignature extends Error {}

function parse(header) {
  const parts = {};
  for (const piece of (header || '').split(',')) {
    const at = piece.indexOf('=');
    if (at > 0) parts[piece.slice(0, at).trim()] = piece.slice(at + 1).trim();
  }
  return parts;
}

/** Throw BadSignature unless `raw` (a Buffer) was signed with our secret within the tolerance. */
function verify(header, raw, now = Date.now() / 1000) {
  const secret = process.env.ASSAY_SERVICE_PAYMENTS_SECRET;
  if (!secret) throw new BadSignature('no webhook secret is configured');
  const { t, v1 } = parse(header);
  if (!/^\d+$/.test(t || '') || !/^[0-9a-f]+$/.test(v1 || '')) throw new BadSignature('missing or malformed signature');
  const expected = crypto.createHmac('sha256', secret).update(`${t}.`).update(raw).digest();
  const given = Buffer.from(v1, 'hex');
  if (given.length !== expected.length || !crypto.timingSafeEqual(given, expected)) {
    throw new BadSignature('signature does not match');
  }
  if (Math.abs(now - Number(t)) > TOLERANCE_SECONDS) throw new BadSignature('timestamp outside the tolerance');
}

module.exports = { verify, BadSignature, TOLERANCE_SECONDS };
