'use strict';
// Public tests: they call a running service at BASE_URL (default http://127.0.0.1:$PORT, PORT 8000).
// Run the service in one terminal (npm start) and the tests in another (npm test).
// They are a small sample of the checks the platform runs; passing them is a start, not the goal.
const assert = require('node:assert/strict');
const crypto = require('node:crypto');
const { test } = require('node:test');

const BASE = process.env.BASE_URL || `http://127.0.0.1:${process.env.PORT || 8000}`;
const unique = (prefix) => `${prefix}${crypto.randomUUID().replaceAll('-', '').slice(0, 12)}`;

async function call(method, path, { body, user } = {}) {
  const headers = {};
  if (body) headers['content-type'] = 'application/json';
  if (user) headers.authorization = `Token ${user.token}`;
  const res = await fetch(BASE + path, { method, headers, body: body ? JSON.stringify(body) : undefined });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : null };
}

async function register() {
  const name = unique('user');
  const res = await call('POST', '/api/users', { body: { user: { username: name, email: `${name}@example.com`, password: 'pa55word!' } } });
  assert.equal(res.status, 201);
  return res.body.user;
}

test('health', async () => {
  assert.equal((await call('GET', '/health')).status, 200);
});

test('register returns the user with a token', async () => {
  const user = await register();
  assert.ok(user.token);
  assert.equal(user.password, undefined);
});

test('registration without email is 422', async () => {
  const res = await call('POST', '/api/users', { body: { user: { username: unique('user'), password: 'pa55word!' } } });
  assert.equal(res.status, 422);
  assert.equal(typeof res.body.errors, 'object');
});

test('login and current user', async () => {
  const user = await register();
  const login = await call('POST', '/api/users/login', { body: { user: { email: user.email, password: 'pa55word!' } } });
  assert.equal(login.status, 200);
  assert.equal((await call('GET', '/api/user', { user: login.body.user })).body.user.username, user.username);
  assert.equal((await call('GET', '/api/user')).status, 401);
});

test('create and read an article', async () => {
  const user = await register();
  const body = { article: { title: 'How to train your dragon', description: 'Ever wonder how?', body: 'Believe.', tagList: ['dragons'] } };
  const res = await call('POST', '/api/articles', { body, user });
  assert.equal(res.status, 201);
  assert.equal(res.body.article.author.username, user.username);
  assert.equal((await call('GET', `/api/articles/${res.body.article.slug}`)).body.article.body, 'Believe.');
});

test('only the author may delete', async () => {
  const [author, other] = [await register(), await register()];
  const created = await call('POST', '/api/articles', { body: { article: { title: 'Mine', description: 'd', body: 'b' } }, user: author });
  const slug = created.body.article.slug;
  assert.equal((await call('DELETE', `/api/articles/${slug}`, { user: other })).status, 403);
  assert.equal((await call('DELETE', `/api/articles/${slug}`, { user: author })).status, 204);
});

test('list by author uses the envelope', async () => {
  const user = await register();
  const created = await call('POST', '/api/articles', { body: { article: { title: 'Listed', description: 'd', body: 'b' } }, user });
  const page = (await call('GET', `/api/articles?author=${user.username}&limit=10`)).body;
  assert.deepEqual(page.articles.map((a) => a.slug), [created.body.article.slug]);
  assert.equal(page.articlesCount, 1);
});
