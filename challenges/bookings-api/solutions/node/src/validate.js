'use strict';
// Small validators that collect every field error before answering 422 once.
const { invalid } = require('./problems');

const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:\d{2})$/i;
const MAX_ID = Number.MAX_SAFE_INTEGER;

class Fields {
  constructor(source, { partial = false } = {}) {
    this.source = source;
    this.partial = partial; // PATCH: absent fields are skipped, present ones validated
    this.errors = [];
    this.values = {};
  }

  #take(field, required) {
    if (!(field in this.source)) {
      if (required && !this.partial) this.errors.push({ field, message: 'is required' });
      return undefined;
    }
    const value = this.source[field];
    if (value === null) this.errors.push({ field, message: 'cannot be null' });
    return value === null ? undefined : value;
  }

  string(field, { min = 1, max, required = true }) {
    const value = this.#take(field, required);
    if (value === undefined) return this;
    if (typeof value !== 'string') return this.#fail(field, 'must be a string');
    const trimmed = value.trim();
    if (trimmed.length < min || trimmed.length > max) return this.#fail(field, `must be ${min} to ${max} characters`);
    this.values[field] = trimmed;
    return this;
  }

  integer(field, { min, max, required = true, fallback }) {
    const value = this.#take(field, required);
    if (value === undefined) {
      if (fallback !== undefined && !this.partial) this.values[field] = fallback;
      return this;
    }
    if (!Number.isInteger(value)) return this.#fail(field, 'must be an integer');
    if (value < min || value > max) return this.#fail(field, `must be between ${min} and ${max}`);
    this.values[field] = value;
    return this;
  }

  time(field, { required = true } = {}) {
    const value = this.#take(field, required);
    if (value === undefined) return this;
    const parsed = parseTime(value);
    if (!parsed) return this.#fail(field, 'must be an RFC 3339 date-time with an offset, e.g. 2030-05-01T09:00:00Z');
    this.values[field] = parsed;
    return this;
  }

  #fail(field, message) {
    this.errors.push({ field, message });
    return this;
  }

  /** The validated values, or a 422 naming every bad field. */
  result() {
    if (this.errors.length) throw invalid(this.errors);
    return this.values;
  }
}

function parseTime(value) {
  if (typeof value !== 'string' || !RFC3339.test(value)) return null;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? null : date;
}

/** The JSON body as an object, or a 422 on "body". */
function bodyOf(req) {
  const body = req.body;
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw invalid([{ field: 'body', message: 'must be a JSON object (Content-Type: application/json)' }]);
  }
  return body;
}

/** Query-string parameters: strings in, typed values out, one 422 for all errors. */
class Query extends Fields {
  integer(field, { min, max, fallback }) {
    const raw = this.source[field];
    if (raw === undefined) {
      if (fallback !== undefined) this.values[field] = fallback;
      return this;
    }
    if (typeof raw !== 'string' || !/^[0-9]{1,16}$/.test(raw)) return this.#failQuery(field, 'must be an integer');
    const value = Number(raw);
    if (value < min || value > max) return this.#failQuery(field, `must be between ${min} and ${max}`);
    this.values[field] = value;
    return this;
  }

  oneOf(field, allowed, fallback) {
    const raw = this.source[field];
    if (raw === undefined) this.values[field] = fallback;
    else if (allowed.includes(raw)) this.values[field] = raw;
    else this.#failQuery(field, `must be one of ${allowed.join(', ')}`);
    return this;
  }

  text(field, max) {
    const raw = this.source[field];
    if (raw === undefined || raw === '') return this;
    if (typeof raw !== 'string' || raw.length > max) return this.#failQuery(field, `must be at most ${max} characters`);
    this.values[field] = raw;
    return this;
  }

  time(field) {
    const raw = this.source[field];
    if (raw === undefined) return this;
    const parsed = parseTime(raw);
    if (!parsed) return this.#failQuery(field, 'must be an RFC 3339 date-time with an offset');
    this.values[field] = parsed;
    return this;
  }

  #failQuery(field, message) {
    this.errors.push({ field, message });
    return this;
  }
}

module.exports = { Fields, Query, bodyOf, MAX_ID };
