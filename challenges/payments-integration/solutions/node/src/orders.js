'use strict';
// Orders and their payments: what the provider's answers and events do to them.

const ORDER = 'id, amount, currency, provider_payment AS payment_id, payment_status, refunded_amount';

async function create(db, amount, currency) {
  const { rows } = await db.query(
    'INSERT INTO orders (amount, currency, idempotency_key) VALUES ($1, $2, gen_random_uuid())' +
      ' RETURNING id, idempotency_key::text AS key',
    [amount, currency],
  );
  return rows[0];
}

async function attachPayment(db, orderId, paymentId) {
  const { rows } = await db.query(`UPDATE orders SET provider_payment = $1 WHERE id = $2 RETURNING ${ORDER}`, [
    paymentId,
    orderId,
  ]);
  return rows[0];
}

async function get(db, orderId) {
  const { rows } = await db.query(`SELECT ${ORDER} FROM orders WHERE id = $1`, [orderId]);
  return rows[0] || null;
}

/** Apply one verified event once; what happened, for the webhook's answer. */
async function applyEvent(db, event) {
  const seen = await db.query(
    'INSERT INTO webhook_events (id, type) VALUES ($1, $2) ON CONFLICT DO NOTHING RETURNING id',
    [event.id, event.type],
  );
  if (seen.rowCount === 0) return 'duplicate';
  const data = event.data || {};
  let updated;
  if (event.type === 'refund.succeeded') {
    updated = await db.query(
      'UPDATE orders SET refunded_amount = refunded_amount + $1 WHERE provider_payment = $2',
      [data.refund.amount, data.payment_id],
    );
  } else if (event.type === 'payment.succeeded' || event.type === 'payment.failed') {
    // A late, older event (lower version) never rolls back the status a newer one set.
    updated = await db.query(
      'UPDATE orders SET payment_status = $1, status_version = $2 WHERE provider_payment = $3 AND status_version < $2',
      [data.status, data.version, data.payment_id],
    );
  } else {
    return 'ignored';
  }
  return updated.rowCount ? 'applied' : 'stale';
}

/** Make every order match the provider's report; how many orders changed. */
async function reconcile(db, payments) {
  let corrected = 0;
  for (const p of payments) {
    const res = await db.query(
      'UPDATE orders SET payment_status = $1, refunded_amount = $2, status_version = GREATEST(status_version, $3)' +
        ' WHERE provider_payment = $4 AND (payment_status <> $1 OR refunded_amount <> $2)',
      [p.status, p.refunded_amount, p.version, p.id],
    );
    corrected += res.rowCount;
  }
  return corrected;
}

module.exports = { create, attachPayment, get, applyEvent, reconcile };
