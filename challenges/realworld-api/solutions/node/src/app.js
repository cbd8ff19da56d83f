'use strict';
// The Conduit (RealWorld) API: users, profiles, articles, comments, favorites, tags.
const express = require('express');
const { articlesRouter } = require('./articles');
const { commentsRouter } = require('./comments');
const { errorHandler, notFound } = require('./errors');
const { usersRouter } = require('./users');

function createApp(pool) {
  const app = express();
  app.disable('x-powered-by');
  app.use(express.json({ limit: '256kb' }));

  // Not part of the RealWorld spec: the platform polls it until the service is ready.
  app.get('/health', (req, res) => res.json({ status: 'ok' }));

  app.use('/api', usersRouter(pool));
  app.use('/api/articles/:slug/comments', commentsRouter(pool));
  app.use('/api', articlesRouter(pool));
  app.use((req, res, next) => next(notFound('route')));
  app.use(errorHandler);

  app.locals.pool = pool;
  return app;
}

module.exports = { createApp };
