'use strict';
const express = require('express');
const { authRouter } = require('./auth');
const { notesRouter } = require('./notes');
const { resetRouter } = require('./reset');
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

  app.use(authRouter(pool));
  app.use(resetRouter(pool));
  app.use(notesRouter(pool));
  app.use(errorHandler);
  return app;
}

module.exports = { createApp };
