// Products API: GET /products/:id through the cache, POST /invalidate, GET /health.
const http = require('node:http');
const { CatalogUnavailable } = require('./catalog');
const { NotFound } = require('./cache');

function send(res, status, body, type = 'application/json') {
  const data = body === undefined ? '' : JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': type, 'Content-Length': Buffer.byteLength(data) });
  res.end(data);
}

function problem(res, status, title) {
  send(res, status, { title, status }, 'application/problem+json');
}

async function readBody(req) {
  const chunks = [];
  for await (const chunk of req) chunks.push(chunk);
  return JSON.parse(Buffer.concat(chunks).toString() || '{}');
}

async function getProduct(cache, res, id) {
  try {
    send(res, 200, await cache.read(id));
  } catch (error) {
    if (error instanceof NotFound) return problem(res, 404, 'No such product');
    if (error instanceof CatalogUnavailable) {
      return problem(res, 503, 'The catalog is unavailable and no recent copy is cached');
    }
    throw error;
  }
}

async function invalidate(cache, req, res) {
  let body;
  try {
    body = await readBody(req);
  } catch {
    return problem(res, 400, 'The body is not JSON');
  }
  if (!Number.isInteger(body.product_id)) return problem(res, 422, 'product_id must be an integer');
  cache.invalidate(body.product_id);
  res.writeHead(204).end();
}

function createApp(cache) {
  return http.createServer((req, res) => {
    const match = /^\/products\/(\d+)$/.exec(req.url);
    let work;
    if (req.method === 'GET' && req.url === '/health') work = Promise.resolve(send(res, 200, { status: 'ok' }));
    else if (req.method === 'GET' && match) work = getProduct(cache, res, Number(match[1]));
    else if (req.method === 'POST' && req.url === '/invalidate') work = invalidate(cache, req, res);
    else work = Promise.resolve(problem(res, 404, 'Not found'));
    work.catch(() => problem(res, 500, 'Internal error'));
  });
}

module.exports = { createApp };
