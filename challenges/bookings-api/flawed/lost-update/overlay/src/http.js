'use strict';
// HTTP helpers shared by the resources: ETags, If-Match, opaque cursors, ids.
const { invalidField, preconditionFailed } = require('./problems');

const etag = (row) => `"${row.version}"`;

/** No header: last write wins (documented). A header that does not match: 412. */
function checkIfMatch() {
  // Accepted for compatibility; every write wins.
}

const iso = (date) => date.toISOString().replace('.000Z', 'Z');

function encodeCursor(sort, key, id) {
  const value = key instanceof Date ? key.toISOString() : key;
  return Buffer.from(JSON.stringify([sort, value, id])).toString('base64url');
}

/** Return [sort key, id] of the last row of the previous page. */
function decodeCursor(cursor, sort) {
  let decoded;
  try {
    decoded = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw invalidField('cursor', 'is not a cursor this service issued');
  }
  if (!Array.isArray(decoded) || decoded.length !== 3 || !Number.isInteger(decoded[2])) {
    throw invalidField('cursor', 'is not a cursor this service issued');
  }
  if (decoded[0] !== sort) throw invalidField('cursor', 'belongs to a different sort order; start again without cursor');
  return [decoded[1], decoded[2]];
}

/** A path id: a positive integer, or null (the route answers 404). */
function parseId(text) {
  return /^[1-9][0-9]{0,14}$/.test(text) ? Number(text) : null;
}

module.exports = { etag, checkIfMatch, iso, encodeCursor, decodeCursor, parseId };
