"use strict";
// The issue tracker: its page (static HTML and JavaScript in public/) and the JSON API the page uses.

const path = require("node:path");
const express = require("express");
const { IssueStore } = require("./store");
const { clean, Invalid } = require("./validation");

function issueId(req) {
  const id = Number(req.params.id);
  return Number.isInteger(id) ? id : null;
}

function notFound(res, id) {
  res.status(404).json({ errors: { id: `There is no issue ${id}.` } });
}

function text(value) {
  return typeof value === "string" ? value : undefined;
}

function createApp(store = new IssueStore()) {
  const app = express();
  app.use(express.json());
  app.use(express.static(path.join(__dirname, "..", "public")));

  app.get("/health", (req, res) => res.json({ status: "ok" }));

  app.post("/api/issues", (req, res) => {
    const issue = store.create(clean(req.body, { partial: false }));
    res.status(201).location(`/api/issues/${issue.id}`).json(issue);
  });

  app.get("/api/issues", (req, res) => {
    const { status, label, assignee } = req.query;
    res.json(store.search({ status: text(status), label: text(label), assignee: text(assignee) }));
  });

  app.get("/api/issues/:id", (req, res) => {
    const issue = store.get(issueId(req));
    if (!issue) return notFound(res, req.params.id);
    res.json(issue);
  });

  app.patch("/api/issues/:id", (req, res) => {
    const id = issueId(req);
    if (!store.get(id)) return notFound(res, req.params.id);
    res.json(store.update(id, clean(req.body, { partial: true })));
  });

  // One place turns failures into answers: 422 for the rules, 400 for a body that is not JSON.
  app.use((err, req, res, next) => {
    if (err instanceof Invalid) return res.status(422).json({ errors: err.errors });
    if (err.type === "entity.parse.failed") return res.status(400).json({ errors: { body: "Send a JSON object." } });
    console.error(err);
    res.status(500).json({ errors: { server: "Something went wrong." } });
  });
  return app;
}

module.exports = { createApp };
