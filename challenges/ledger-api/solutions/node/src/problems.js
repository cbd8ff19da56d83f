'use strict';
// Errors as RFC 9457 problem details, rendered in one place (the error handler in app.js).

class Problem extends Error {
  constructor(status, type, title, detail, errors) {
    super(detail);
    Object.assign(this, { status, type, title, detail, errors });
  }
}

const notFound = (detail) => new Problem(404, '/problems/not-found', 'Resource not found', detail);
const insufficientFunds = (detail) => new Problem(409, '/problems/insufficient-funds', 'Insufficient funds', detail);
const invalid = (errors) => new Problem(422, '/problems/validation', 'Request validation failed',
  errors.map((e) => `${e.field}: ${e.message}`).join('; '), errors);
const keyReused = (detail) => new Problem(422, '/problems/idempotency-key-reused', 'Idempotency key reused', detail, []);

function sendProblem(res, problem) {
  const body = { type: problem.type, title: problem.title, status: problem.status, detail: problem.detail };
  if (problem.errors) body.errors = problem.errors;
  res.status(problem.status).type('application/problem+json').send(JSON.stringify(body));
}

/** Express error handler: known problems as they are, bad JSON as 400, anything else as a bare 500. */
function errorHandler(err, req, res, next) { // eslint-disable-line no-unused-vars
  if (err instanceof Problem) return sendProblem(res, err);
  if (err.type === 'entity.parse.failed') {
    return sendProblem(res, new Problem(400, '/problems/malformed-json', 'Malformed JSON', 'The body is not valid JSON'));
  }
  if (err.type === 'entity.too.large') {
    return sendProblem(res, new Problem(413, '/problems/too-large', 'Payload too large', 'The body is too large'));
  }
  console.error('unhandled error', err.message); // never the stack or SQL to the client
  return sendProblem(res, new Problem(500, 'about:blank', 'Internal Server Error', 'Something went wrong on our side'));
}

module.exports = { Problem, notFound, insufficientFunds, invalid, keyReused, errorHandler };
