"use strict";
// The issue tracker: its page (public/) and the JSON API the page uses. See the README for the API.

const path = require("node:path");
const express = require("express");

function notImplemented(req, res) {
  res.status(501).json({ errors: { server: "Not implemented yet." } });
}

function createApp() {
  const app = express();
  app.use(express.json());
  app.use(express.static(path.join(__dirname, "..", "public")));

  app.get("/health", (req, res) => res.json({ status: "ok" }));
  app.post("/api/issues", notImplemented);
  app.get("/api/issues", notImplemented);
  app.get("/api/issues/:id", notImplemented);
  app.patch("/api/issues/:id", notImplemented);
  return app;
}

module.exports = { createApp };
