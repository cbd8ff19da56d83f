'use strict';
// Reading the spec's envelopes and their fields, with 422s that name the field.
const { invalid } = require('./errors');

function unwrap(body, key) {
  const inner = body && typeof body === 'object' ? body[key] : undefined;
  if (!inner || typeof inner !== 'object' || Array.isArray(inner)) {
    throw invalid('body', `expected a JSON object {"${key}": {...}}`);
  }
  return inner;
}

function text(fields, name, { required, maxLength = 10000 }) {
  const value = fields[name];
  if (value === undefined || value === null) {
    if (required) throw invalid(name, "can't be blank");
    return null;
  }
  if (typeof value !== 'string') throw invalid(name, 'must be a string');
  if (required && !value.trim()) throw invalid(name, "can't be blank");
  if (value.length > maxLength) throw invalid(name, `is too long (at most ${maxLength} characters)`);
  return value;
}

function queryNumber(query, name, fallback, low, high) {
  const raw = query[name];
  if (raw === undefined) return fallback;
  if (typeof raw !== 'string' || !/^\d+$/.test(raw) || Number(raw) < low || Number(raw) > high) {
    throw invalid(name, `must be a whole number from ${low} to ${high}`);
  }
  return Number(raw);
}

function queryText(query, name) {
  const raw = query[name];
  if (raw === undefined) return null;
  if (typeof raw !== 'string') throw invalid(name, 'must be given once');
  return raw;
}

module.exports = { unwrap, text, queryNumber, queryText };
