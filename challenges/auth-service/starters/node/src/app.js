'use strict';
// The auth service. Start here; split into modules as it grows.
const express = require('express');

function createApp(pool) {
  const app = express();
  app.use(express.json());

  app.get('/health', (req, res) => res.json({ status: 'ok' }));

  // TODO: replace these placeholders with the real endpoints (see README.md).
  const notImplemented = (req, res) => res.status(501).type('application/problem+json')
    .send(JSON.stringify({ type: 'about:blank', title: 'Not Implemented', status: 501, detail: `${req.method} ${req.path}` }));
  app.all(['/auth/register', '/auth/login', '/auth/refresh', '/auth/logout', '/auth/password-reset',
    '/auth/password-reset/confirm', '/me', '/notes', '/notes/:id', '/admin/users'], notImplemented);

  app.locals.pool = pool;
  return app;
}

module.exports = { createApp };
