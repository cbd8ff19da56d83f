'use strict';
// The payments provider's client: every call has a timeout, and failures that may pass (a timeout, a
// connection error, a 5xx, a 429) are retried with exponential backoff, at most MAX_ATTEMPTS times.

const MAX_ATTEMPTS = 5;
const FIRST_DELAY_MS = 100; // doubled before each further attempt
const MAX_RETRY_AFTER_MS = 10000; // a provider asking for longer than this is treated as down
const TIMEOUT_MS = 1000;

class ProviderUnavailable extends Error {}

const baseUrl = () => process.env.ASSAY_SERVICE_PAYMENTS_URL || 'http://127.0.0.1:9300';
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const retryable = (res) => res === null || res.status === 429 || res.status >= 500;

/** Backoff for the attempt after `attempt`: 100, 200, 400... ms plus up to 10% jitter, or Retry-After. */
function waitBefore(attempt, res) {
  let delay = FIRST_DELAY_MS * 2 ** (attempt - 1);
  delay += Math.random() * (delay / 10);
  const retryAfter = res && res.status === 429 ? Number(res.headers.get('retry-after')) : NaN;
  return Number.isFinite(retryAfter) ? Math.max(delay, retryAfter * 1000) : delay;
}

/** One logical call; the same Idempotency-Key on every attempt makes retrying a POST safe. */
async function request(method, path, { body, key } = {}) {
  const headers = { ...(body ? { 'content-type': 'application/json' } : {}), ...(key ? { 'idempotency-key': key } : {}) };
  for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt += 1) {
    let res = null;
    try {
      res = await fetch(baseUrl() + path, {
        method,
        headers,
        body: body ? JSON.stringify(body) : undefined,
        signal: AbortSignal.timeout(TIMEOUT_MS),
      });
      if (!retryable(res)) return { status: res.status, body: await res.json() };
    } catch {
      res = null; // a timeout or a connection error: worth another attempt
    }
    const delay = waitBefore(attempt, res);
    if (attempt === MAX_ATTEMPTS || delay > MAX_RETRY_AFTER_MS) break;
    await sleep(delay);
  }
  throw new ProviderUnavailable(`${method} ${path}: no answer after ${MAX_ATTEMPTS} attempts`);
}

async function createPayment(amount, currency, reference, key) {
  const res = await request('POST', '/payments', { body: { amount, currency, reference }, key });
  if (res.status !== 200 && res.status !== 201) throw new ProviderUnavailable(`the provider refused: ${res.status}`);
  return res.body;
}

async function reconciliationReport() {
  const res = await request('GET', '/reconciliation');
  if (res.status !== 200) throw new ProviderUnavailable(`the reconciliation report answered ${res.status}`);
  return res.body.payments;
}

module.exports = { createPayment, reconciliationReport, ProviderUnavailable, waitBefore };
