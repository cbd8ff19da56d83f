'use strict';
const express = require('express');
const { accountsRouter } = require('./accounts');
const { transfersRouter } = require('./transfers');
const { errorHandler } = require('./problems');

function createApp(pool) {
  const app = express();
  app.use(express.json({ limit: '64kb' }));

  app.get('/health', async (req, res) => {
    try {
      await pool.query('SELECT 1');
      res.json({ status: 'ok' });
    } catch {
      res.status(503).json({ status: 'unavailable' });
    }
  });

  app.use(accountsRouter(pool));
  app.use(transfersRouter(pool));
  app.use(errorHandler);
  return app;
}

module.exports = { createApp };
