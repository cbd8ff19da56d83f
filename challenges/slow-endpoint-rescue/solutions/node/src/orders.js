'use strict';
// Reading orders: a page of a customer's orders with their lines, and a customer's summary.
// Every request runs a fixed number of queries (the customer, one page, the lines of that page),
// each served by an index: the cost of a request does not grow with the customer's history.
const { Problem } = require('./problems');

const FIRST_PAGE = `
  SELECT id, status, created_at FROM orders WHERE customer_id = $1
  ORDER BY created_at DESC, id DESC LIMIT $2`;
// The row comparison matches the index order, so the scan starts right after the previous page.
const NEXT_PAGE = `
  SELECT id, status, created_at FROM orders
  WHERE customer_id = $1 AND (created_at, id) < ($3::timestamptz, $4::bigint)
  ORDER BY created_at DESC, id DESC LIMIT $2`;
const LINES = `
  SELECT order_id, sku, quantity, unit_price_cents FROM order_lines WHERE order_id = ANY($1::bigint[]) ORDER BY id`;
const SUMMARY = `
  SELECT c.id AS customer_id, c.name, c.region,
         (SELECT count(*) FROM orders o WHERE o.customer_id = c.id) AS order_count,
         (SELECT coalesce(sum(l.quantity * l.unit_price_cents), 0)::bigint
            FROM orders o JOIN order_lines l ON l.order_id = o.id
           WHERE o.customer_id = c.id AND o.status = 'paid') AS paid_total_cents,
         (SELECT max(o.created_at) FROM orders o WHERE o.customer_id = c.id) AS last_order_at
  FROM customers c WHERE c.id = $1`;

// The cursor is the position after the last order of a page: the keys the list is sorted by.
function encodeCursor(order) {
  return Buffer.from(JSON.stringify([order.created_at.toISOString(), order.id])).toString('base64url');
}

function decodeCursor(cursor) {
  try {
    const [createdAt, id] = JSON.parse(Buffer.from(String(cursor), 'base64url').toString());
    if (Number.isNaN(Date.parse(createdAt)) || !Number.isSafeInteger(id)) throw new Error('bad cursor');
    return [createdAt, id];
  } catch {
    throw new Problem(400, 'Bad Request', 'cursor is not one this service returned');
  }
}

async function requireCustomer(pool, customerId) {
  const { rowCount } = await pool.query('SELECT 1 FROM customers WHERE id = $1', [customerId]);
  if (rowCount === 0) throw new Problem(404, 'Not Found', `customer ${customerId} does not exist`);
}

async function pageOfOrders(pool, customerId, limit, cursor) {
  const after = cursor === undefined ? null : decodeCursor(cursor);
  await requireCustomer(pool, customerId);
  // One row more than the page tells whether another page follows.
  const { rows } = after
    ? await pool.query(NEXT_PAGE, [customerId, limit + 1, ...after])
    : await pool.query(FIRST_PAGE, [customerId, limit + 1]);
  const orders = rows.slice(0, limit);
  const lines = new Map(orders.map((o) => [o.id, []]));
  if (orders.length > 0) {
    const found = await pool.query(LINES, [orders.map((o) => o.id)]);
    for (const { order_id: orderId, ...line } of found.rows) lines.get(orderId).push(line);
  }
  const items = orders.map((o) => ({
    id: o.id,
    status: o.status,
    created_at: o.created_at.toISOString(),
    total_cents: lines.get(o.id).reduce((sum, l) => sum + l.quantity * l.unit_price_cents, 0),
    lines: lines.get(o.id),
  }));
  return { items, next_cursor: rows.length > limit ? encodeCursor(orders[orders.length - 1]) : null };
}

async function customerSummary(pool, customerId) {
  const { rows } = await pool.query(SUMMARY, [customerId]);
  if (rows.length === 0) throw new Problem(404, 'Not Found', `customer ${customerId} does not exist`);
  const summary = rows[0];
  return { ...summary, last_order_at: summary.last_order_at ? summary.last_order_at.toISOString() : null };
}

module.exports = { pageOfOrders, customerSummary };
