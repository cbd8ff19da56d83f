'use strict';
// Request validation: every bad field is reported at once, as {field, message}.
const { invalid } = require('./problems');

const MAX_CENTS = 1_000_000_000;

function cents(body, field, min, errors) {
  const value = body[field];
  if (!Number.isInteger(value)) errors.push({ field, message: 'must be an integer number of cents' });
  else if (value < min || value > MAX_CENTS) errors.push({ field, message: `must be between ${min} and ${MAX_CENTS}` });
}

function accountBody(body) {
  const errors = [];
  if (typeof body.owner !== 'string' || body.owner.length < 1 || body.owner.length > 100) {
    errors.push({ field: 'owner', message: 'must be a string of 1 to 100 characters' });
  }
  if (body.initial_balance !== undefined) cents(body, 'initial_balance', 0, errors);
  if (errors.length) throw invalid(errors);
  return { owner: body.owner, initialBalance: body.initial_balance ?? 0 };
}

function transferBody(body) {
  const errors = [];
  for (const field of ['from_account_id', 'to_account_id']) {
    if (!Number.isInteger(body[field])) errors.push({ field, message: 'must be an account id' });
  }
  if (!errors.length && body.from_account_id === body.to_account_id) {
    errors.push({ field: 'to_account_id', message: 'must differ from from_account_id' });
  }
  cents(body, 'amount', 1, errors);
  if (errors.length) throw invalid(errors);
  return { from: body.from_account_id, to: body.to_account_id, amount: body.amount };
}

function idempotencyKey(req) {
  const key = req.get('Idempotency-Key');
  if (key === undefined) return null;
  if (key.length < 1 || key.length > 200) {
    throw invalid([{ field: 'Idempotency-Key', message: 'must be 1 to 200 characters' }]);
  }
  return key;
}

/** A path id, or null when it cannot name a row (then the route answers 404). */
function pathId(value) {
  return /^[1-9][0-9]{0,17}$/.test(value) ? Number(value) : null;
}

module.exports = { accountBody, transferBody, idempotencyKey, pathId };
