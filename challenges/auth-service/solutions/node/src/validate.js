'use strict';
const { invalid } = require('./problems');

const isString = (v, min, max) => typeof v === 'string' && v.length >= min && v.length <= max;

function check(rules) {
  const errors = rules.filter(([ok]) => !ok).map(([, field, message]) => ({ field, message }));
  if (errors.length) throw invalid(errors);
}

function credentials(body) {
  check([
    [isString(body.email, 3, 254) && /^[^@\s]+@[^@\s]+$/.test(body.email), 'email', 'must be an email address'],
    [isString(body.password, 12, 128), 'password', 'must be 12 to 128 characters'],
  ]);
  return { email: body.email, password: body.password };
}

function strings(body, ...fields) {
  check(fields.map((f) => [typeof body[f] === 'string', f, 'is required']));
  return body;
}

function newNote(body) {
  check([
    [isString(body.title, 1, 200), 'title', 'must be 1 to 200 characters'],
    [body.body === undefined || isString(body.body, 0, 10000), 'body', 'must be at most 10000 characters'],
  ]);
  return { title: body.title, body: body.body ?? '' };
}

function noteChanges(body) {
  check([
    [body.title === undefined || isString(body.title, 1, 200), 'title', 'must be 1 to 200 characters'],
    [body.body === undefined || isString(body.body, 0, 10000), 'body', 'must be at most 10000 characters'],
  ]);
  return { title: body.title ?? null, body: body.body ?? null };
}

function resetConfirm(body) {
  check([
    [typeof body.token === 'string', 'token', 'is required'],
    [isString(body.new_password, 12, 128), 'new_password', 'must be 12 to 128 characters'],
  ]);
  return body;
}

const pathId = (value) => (/^[1-9][0-9]{0,17}$/.test(value) ? Number(value) : null);

module.exports = { credentials, strings, newNote, noteChanges, resetConfirm, pathId };
