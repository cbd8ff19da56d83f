// The HTTP side: accept credit jobs with 202 and a status URL, answer statuses and balances (see the brief).
const express = require('express');

function createApp(redis) {
  const app = express();
  app.use(express.json());

  app.get('/health', (req, res) => res.json({ ok: true }));

  // TODO: POST /jobs (202 and a status URL), GET /jobs/:id, GET /accounts/:account
  return app;
}

module.exports = { createApp };
