'use strict';
// Errors as RFC 9457 problem details.

class Problem extends Error {
  constructor(status, title, detail) {
    super(detail);
    Object.assign(this, { status, title, detail });
  }
}

function renderProblems(err, req, res, next) {
  if (!(err instanceof Problem)) console.error(err);
  const problem = err instanceof Problem ? err : new Problem(500, 'Internal Server Error', 'unexpected error');
  res.status(problem.status).type('application/problem+json')
    .send(JSON.stringify({ type: 'about:blank', title: problem.title, status: problem.status, detail: problem.detail }));
}

module.exports = { Problem, renderProblems };
