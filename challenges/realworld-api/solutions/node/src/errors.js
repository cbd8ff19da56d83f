'use strict';
// The API's errors: one class, rendered once as the spec's {"errors": {field: [messages]}}.

class ApiError extends Error {
  constructor(status, field, message) {
    super(message);
    this.status = status;
    this.errors = { [field]: [message] };
  }
}

const invalid = (field, message) => new ApiError(422, field, message);
const unauthorized = (message = 'a valid token is required') => new ApiError(401, 'token', message);
const forbidden = (message) => new ApiError(403, 'body', message);
const notFound = (what) => new ApiError(404, what, 'not found');

// Express calls this for every error a route throws or rejects with.
// eslint-disable-next-line no-unused-vars
function errorHandler(err, req, res, next) {
  if (err instanceof ApiError) return res.status(err.status).json({ errors: err.errors });
  if (err.type === 'entity.parse.failed') return res.status(400).json({ errors: { body: ['the request body is not valid JSON'] } });
  if (err.type === 'entity.too.large') return res.status(413).json({ errors: { body: ['the request body is too large'] } });
  console.error(err);
  return res.status(500).json({ errors: { body: ['internal error'] } });
}

module.exports = { ApiError, invalid, unauthorized, forbidden, notFound, errorHandler };
