'use strict';
// The Conduit (RealWorld) API. Start here; split into modules as it grows.
const express = require('express');

function createApp(pool) {
  const app = express();
  app.use(express.json());

  // Not part of the RealWorld spec: the platform polls it until the service is ready.
  app.get('/health', (req, res) => res.json({ status: 'ok' }));

  // TODO: replace this placeholder with the real endpoints (see README.md).
  app.all('/api/*path', (req, res) => {
    res.status(501).json({ errors: { body: [`${req.method} ${req.path} is not implemented yet`] } });
  });

  app.locals.pool = pool;
  return app;
}

module.exports = { createApp };
