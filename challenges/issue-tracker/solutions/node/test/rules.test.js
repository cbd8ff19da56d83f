"use strict";
// The rules and the store, without a running service.
const test = require("node:test");
const assert = require("node:assert");
const { clean, Invalid } = require("../src/validation");
const { IssueStore } = require("../src/store");

test("a new issue gets the defaults and a trimmed title", () => {
  assert.deepStrictEqual(clean({ title: "  Slow login " }, { partial: false }), {
    title: "Slow login",
    description: "",
    status: "open",
    labels: [],
    assignee: null,
  });
});

test("every invalid field is named", () => {
  assert.throws(
    () => clean({ title: "   ", status: "done", labels: ["Bug"] }, { partial: false }),
    (error) => error instanceof Invalid && ["title", "status", "labels"].every((name) => name in error.errors),
  );
});

test("filters combine", () => {
  const store = new IssueStore();
  store.create({ title: "A", status: "open", labels: ["ui"], assignee: "kim" });
  store.create({ title: "B", status: "closed", labels: ["ui"], assignee: "kim" });
  assert.deepStrictEqual(store.search({ status: "closed", label: "ui", assignee: "kim" }).map((i) => i.title), ["B"]);
});
