'use strict';
// The order-history service: customers, their orders and order lines, read-only.
// The checkout writes orders straight into the database; this service only reads them.
// It answers correctly. It is also slow: making it fast without changing an answer is the task.
const express = require('express');

class Problem extends Error {
  constructor(status, title, detail) {
    super(detail);
    Object.assign(this, { status, title, detail });
  }
}

async function findCustomer(pool, customerId) {
  const { rows } = await pool.query('SELECT id, name, region FROM customers WHERE id = $1', [customerId]);
  if (rows.length === 0) throw new Problem(404, 'Not Found', `customer ${customerId} does not exist`);
  return rows[0];
}

async function orderJson(pool, order) {
  const { rows: lines } = await pool.query(
    'SELECT sku, quantity, unit_price_cents FROM order_lines WHERE order_id = $1 ORDER BY id', [order.id]);
  return {
    id: order.id,
    status: order.status,
    created_at: order.created_at.toISOString(),
    total_cents: lines.reduce((sum, l) => sum + l.quantity * l.unit_price_cents, 0),
    lines,
  };
}

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

function decodeCursor(cursor) {
  if (cursor === undefined) return 0;
  const match = /^offset:(\d+)$/.exec(Buffer.from(String(cursor), 'base64url').toString());
  if (!match) throw new Problem(400, 'Bad Request', 'cursor is not one this service returned');
  return Number(match[1]);
}

const byNewest = (a, b) => (b.created_at - a.created_at) || (b.id - a.id);

function createApp(pool) {
  const app = express();
  const route = (handler) => (req, res, next) => handler(req, res).catch(next);

  app.get('/health', (req, res) => res.json({ status: 'ok' }));

  app.get('/customers/:id/orders', route(async (req, res) => {
    const customerId = parseId(req.params.id);
    const limit = parseLimit(req.query.limit);
    const offset = decodeCursor(req.query.cursor);
    await findCustomer(pool, customerId);
    const { rows: orders } = await pool.query(
      'SELECT id, status, created_at FROM orders WHERE customer_id = $1', [customerId]);
    orders.sort(byNewest);
    const items = [];
    for (const order of orders.slice(offset, offset + limit)) items.push(await orderJson(pool, order));
    const more = offset + limit < orders.length;
    const nextCursor = more ? Buffer.from(`offset:${offset + limit}`).toString('base64url') : null;
    res.json({ items, next_cursor: nextCursor });
  }));

  app.get('/customers/:id/summary', route(async (req, res) => {
    const customer = await findCustomer(pool, parseId(req.params.id));
    const { rows: orders } = await pool.query(
      'SELECT id, status, created_at FROM orders WHERE customer_id = $1', [customer.id]);
    let paid = 0;
    for (const order of orders) {
      const details = await orderJson(pool, order);
      if (details.status === 'paid') paid += details.total_cents;
    }
    const last = orders.reduce((newest, o) => (newest && newest > o.created_at ? newest : o.created_at), null);
    res.json({
      customer_id: customer.id,
      name: customer.name,
      region: customer.region,
      order_count: orders.length,
      paid_total_cents: paid,
      last_order_at: last ? last.toISOString() : null,
    });
  }));

  app.use((err, req, res, next) => {
    const problem = err instanceof Problem ? err : new Problem(500, 'Internal Server Error', 'unexpected error');
    if (!(err instanceof Problem)) console.error(err);
    res.status(problem.status).type('application/problem+json')
      .send(JSON.stringify({ type: 'about:blank', title: problem.title, status: problem.status, detail: problem.detail }));
  });
  return app;
}

module.exports = { createApp, Problem };
