'use strict';
// Orders paid through the payments provider. See the brief for what each route must do.
const express = require('express');

const notImplemented = (req, res) => res.status(501).json({ detail: 'not implemented yet' });

function createApp(pool) {
  const app = express();
  app.get('/health', (req, res) => res.json({ status: 'ok' }));
  // TODO: store the order, create its payment at ASSAY_SERVICE_PAYMENTS_URL (timeouts, retries, a key).
  app.post('/orders', notImplemented);
  app.get('/orders/:id', notImplemented);
  // TODO: verify Payments-Signature with ASSAY_SERVICE_PAYMENTS_SECRET over the raw body, then apply once.
  app.post('/webhooks/payments', notImplemented);
  app.post('/reconcile', notImplemented);
  app.locals.pool = pool;
  return app;
}

module.exports = { createApp };
