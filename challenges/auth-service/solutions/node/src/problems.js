'use strict';
// Errors as RFC 9457 problem details, rendered in one place (the error handler below).

class Problem extends Error {
  constructor(status, type, title, detail, errors) {
    super(detail);
    Object.assign(this, { status, type, title, detail, errors });
  }
}

const problem = (status, type, title) => (detail) => new Problem(status, type, title, detail);
const badToken = problem(400, '/problems/bad-token', 'Invalid or expired token');
const unauthorized = problem(401, '/problems/unauthorized', 'Not authenticated');
const forbidden = problem(403, '/problems/forbidden', 'Not allowed');
const notFound = problem(404, '/problems/not-found', 'Resource not found');
const conflict = problem(409, '/problems/conflict', 'Conflict with the current state');
const throttled = problem(429, '/problems/too-many-attempts', 'Too many failed logins');
const invalid = (errors) => new Problem(422, '/problems/validation', 'Request validation failed',
  errors.map((e) => `${e.field}: ${e.message}`).join('; '), errors);

function sendProblem(res, p) {
  const body = { type: p.type, title: p.title, status: p.status, detail: p.detail };
  if (p.errors) body.errors = p.errors;
  res.status(p.status).type('application/problem+json').send(JSON.stringify(body));
}

function errorHandler(err, req, res, next) { // eslint-disable-line no-unused-vars
  if (err instanceof Problem) return sendProblem(res, err);
  if (err.type === 'entity.parse.failed') {
    return sendProblem(res, new Problem(400, '/problems/malformed-json', 'Malformed JSON', 'The body is not valid JSON'));
  }
  if (err.type === 'entity.too.large') {
    return sendProblem(res, new Problem(413, '/problems/too-large', 'Payload too large', 'The body is too large'));
  }
  // The message only: a stack or a query could carry a value from the request.
  console.error('unhandled error:', err.code || err.name);
  return sendProblem(res, new Problem(500, 'about:blank', 'Internal Server Error', 'Something went wrong on our side'));
}

module.exports = { badToken, unauthorized, forbidden, notFound, conflict, throttled, invalid, errorHandler };
