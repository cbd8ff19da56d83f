"use strict";
// A sample of the platform's checks (the hidden suite has many more, some in a browser).
const test = require("node:test");
const assert = require("node:assert");
const { createApp } = require("../src/app");

async function withServer(run) {
  const server = createApp().listen(0, "127.0.0.1");
  await new Promise((resolve) => server.once("listening", resolve));
  const base = `http://127.0.0.1:${server.address().port}`;
  try {
    await run(base);
  } finally {
    server.close();
  }
}

function post(url, body) {
  return fetch(url, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) });
}

test("the page is served", () =>
  withServer(async (base) => {
    const resp = await fetch(`${base}/`);
    assert.strictEqual(resp.status, 200);
    assert.match(await resp.text(), /id="new-issue"/);
  }));

test("create answers 201 with the issue", () =>
  withServer(async (base) => {
    const resp = await post(`${base}/api/issues`, { title: "Login page is slow", labels: ["perf"] });
    assert.strictEqual(resp.status, 201);
    assert.strictEqual((await resp.json()).status, "open");
  }));

test("a title of only spaces is 422 naming the field", () =>
  withServer(async (base) => {
    const resp = await post(`${base}/api/issues`, { title: "   " });
    assert.strictEqual(resp.status, 422);
    assert.ok("title" in (await resp.json()).errors);
  }));
