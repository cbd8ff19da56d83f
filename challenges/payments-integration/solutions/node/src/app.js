'use strict';
const express = require('express');
const orders = require('./orders');
const provider = require('./provider');
const { verify, BadSignature } = require('./signatures');
const { inTransaction } = require('./db');

const unavailable = { detail: 'the payments provider is unavailable; try again later' };

function invalidOrder(body) {
  if (!body || !Number.isInteger(body.amount) || body.amount <= 0) return 'amount must be a positive integer (cents)';
  if (typeof body.currency !== 'string' || !/^[A-Z]{3}$/.test(body.currency)) return 'currency must be 3 capitals';
  return null;
}

function ordersRoutes(app, pool) {
  app.post('/orders', express.json(), async (req, res) => {
    const problem = invalidOrder(req.body);
    if (problem) return res.status(422).json({ detail: problem });
    const { amount, currency } = req.body;
    const order = await orders.create(pool, amount, currency);
    try {
      // No transaction is held open while the provider is slow.
      const payment = await provider.createPayment(amount, currency, String(order.id), order.key);
      return res.status(201).json(await orders.attachPayment(pool, order.id, payment.id));
    } catch (err) {
      if (err instanceof provider.ProviderUnavailable) return res.status(502).json(unavailable);
      throw err;
    }
  });

  app.get('/orders/:id', async (req, res) => {
    const id = /^\d{1,15}$/.test(req.params.id) ? Number(req.params.id) : null;
    const order = id === null ? null : await orders.get(pool, id);
    if (!order) return res.status(404).json({ detail: 'no such order' });
    return res.json(order);
  });
}

function webhookRoutes(app, pool) {
  // The signature covers the raw bytes: read them as they came, parse only after verifying.
  app.post('/webhooks/payments', express.raw({ type: () => true, limit: '64kb' }), async (req, res) => {
    const raw = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
    let event;
    try {
      verify(req.get('payments-signature'), raw);
      event = JSON.parse(raw.toString('utf8'));
    } catch (err) {
      if (err instanceof BadSignature || err instanceof SyntaxError) {
        return res.status(400).json({ detail: `webhook refused: ${err.message}` });
      }
      throw err;
    }
    const outcome = await inTransaction(pool, (client) => orders.applyEvent(client, event));
    return res.json({ received: event.id, outcome });
  });

  app.post('/reconcile', async (req, res) => {
    let payments;
    try {
      payments = await provider.reconciliationReport();
    } catch (err) {
      if (err instanceof provider.ProviderUnavailable) return res.status(502).json(unavailable);
      throw err;
    }
    const corrected = await inTransaction(pool, (client) => orders.reconcile(client, payments));
    return res.json({ checked: payments.length, corrected });
  });
}

function createApp(pool) {
  const app = express();
  app.get('/health', (req, res) => res.json({ status: 'ok' }));
  ordersRoutes(app, pool);
  webhookRoutes(app, pool);
  // eslint-disable-next-line no-unused-vars
  app.use((err, req, res, next) => {
    // A body that is not JSON is the client's mistake (body-parser sets its status); anything else is ours.
    if (err.status >= 400 && err.status < 500) return res.status(err.status).json({ detail: 'malformed request body' });
    console.error(err);
    return res.status(500).json({ detail: 'internal error' });
  });
  return app;
}

module.exports = { createApp };
