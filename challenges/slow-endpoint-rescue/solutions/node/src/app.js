'use strict';
// The order-history service: customers, their orders and order lines, read-only.
// The checkout writes orders straight into the database; this service only reads them, so every
// answer is computed from the tables at the moment of the request (nothing is cached in the process).
const express = require('express');
const { pageOfOrders, customerSummary } = require('./orders');
const { Problem, renderProblems } = require('./problems');

function parseId(value) {
  if (!/^\d{1,15}$/.test(value)) throw new Problem(404, 'Not Found', 'no such customer');
  return Number(value);
}

function parseLimit(value) {
  if (value === undefined) return 20;
  const limit = /^\d{1,3}$/.test(value) ? Number(value) : NaN;
  if (!(limit >= 1 && limit <= 100)) throw new Problem(422, 'Unprocessable Content', 'limit must be 1 to 100');
  return limit;
}

function createApp(pool) {
  const app = express();
  const route = (handler) => (req, res, next) => handler(req, res).catch(next);

  app.get('/health', (req, res) => res.json({ status: 'ok' }));

  app.get('/customers/:id/orders', route(async (req, res) => {
    const limit = parseLimit(req.query.limit);
    res.json(await pageOfOrders(pool, parseId(req.params.id), limit, req.query.cursor));
  }));

  app.get('/customers/:id/summary', route(async (req, res) => {
    res.json(await customerSummary(pool, parseId(req.params.id)));
  }));

  app.use(renderProblems);
  return app;
}

module.exports = { createApp };
