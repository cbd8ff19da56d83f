'use strict';
const express = require('express');
const bookings = require('./bookings');
const openapi = require('./openapi');
const { errorHandler, sendProblem } = require('./problems');
const rooms = require('./rooms');

function createApp(pool) {
  const app = express();
  app.disable('x-powered-by');
  app.use(express.json({ limit: '64kb' }));

  app.get('/health', async (req, res) => {
    try {
      await pool.query('SELECT 1');
      res.json({ status: 'ok' });
    } catch {
      res.status(503).json({ status: 'unavailable' });
    }
  });
  app.get('/openapi.json', (req, res) => res.json(openapi));
  app.use('/rooms', rooms.router(pool));
  app.use('/bookings', bookings.router(pool));
  app.use((req, res) => sendProblem(res, 404, 'about:blank', 'Not Found', `No route for ${req.method} ${req.path}`));
  app.use(errorHandler);
  return app;
}

module.exports = { createApp };
