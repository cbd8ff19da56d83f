'use strict';
// Errors as RFC 9457 problem details, rendered in one place (errorHandler).
// Shape: {"type", "title", "status", "detail", "errors": [{"field", "message"}]}

class Problem extends Error {
  constructor(status, type, title, detail, errors) {
    super(detail);
    Object.assign(this, { status, type, title, detail, errors });
  }
}

const notFound = (detail) => new Problem(404, '/problems/not-found', 'Resource not found', detail);
const conflict = (detail) => new Problem(409, '/problems/conflict', 'Conflict with the current state', detail);
const preconditionFailed = (detail) =>
  new Problem(412, '/problems/precondition-failed', 'Precondition failed', detail);
const invalid = (errors) =>
  new Problem(422, '/problems/validation', 'Request validation failed',
    errors.map((e) => `${e.field}: ${e.message}`).join('; '), errors);
const invalidField = (field, message) => invalid([{ field, message }]);

function sendProblem(res, status, type, title, detail, errors) {
  const body = { type, title, status, detail };
  if (errors) body.errors = errors;
  res.status(status).type('application/problem+json').send(JSON.stringify(body));
}

// Express recognises error handlers by their four parameters.
// eslint-disable-next-line no-unused-vars
function errorHandler(err, req, res, next) {
  if (err instanceof Problem) {
    return sendProblem(res, err.status, err.type, err.title, err.detail, err.errors);
  }
  if (err.type === 'entity.parse.failed') {
    return sendProblem(res, 400, '/problems/malformed-json', 'Malformed JSON', 'The body is not valid JSON');
  }
  if (err.type === 'entity.too.large') {
    return sendProblem(res, 413, '/problems/payload-too-large', 'Payload too large', 'Request bodies are limited to 64 KB');
  }
  // Log the details for us; never show a stack trace or SQL to the client.
  console.error(err);
  return sendProblem(res, 500, 'about:blank', 'Internal Server Error', 'Something went wrong on our side');
}

module.exports = { Problem, notFound, conflict, preconditionFailed, invalid, invalidField, sendProblem, errorHandler };
