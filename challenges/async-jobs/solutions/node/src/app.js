// The HTTP side: accept jobs with 202 and a status URL, answer statuses and balances.
const express = require('express');
const jobs = require('./jobs');
const { problems } = require('./validate');

function createApp(redis) {
  const app = express();
  app.use(express.json());

  app.get('/health', (req, res) => res.json({ ok: true }));

  app.post('/jobs', async (req, res) => {
    const found = problems(req.body);
    if (found.length) return res.status(422).json({ title: 'Invalid job', errors: found });
    const { account, amount, receipt_ms: receiptMs = 0, fail_times: failTimes = 0 } = req.body;
    const id = await jobs.enqueue(redis, { account, amount, receiptMs, failTimes });
    const url = `/jobs/${id}`;
    res.status(202).location(url).json({ id, status: 'queued', status_url: url });
  });

  app.get('/jobs/:id', async (req, res) => {
    const job = await jobs.status(redis, req.params.id);
    if (!job) return res.status(404).json({ title: 'No such job' });
    res.json(job);
  });

  app.get('/accounts/:account', async (req, res) => {
    res.json({ account: req.params.account, balance: await jobs.balance(redis, req.params.account) });
  });

  // A body that is not JSON is the client's mistake, not a 500.
  app.use((err, req, res, next) => {
    if (err.type === 'entity.parse.failed') return res.status(400).json({ title: 'The body is not JSON' });
    next(err);
  });
  return app;
}

module.exports = { createApp };
