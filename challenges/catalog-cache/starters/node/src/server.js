// Products API in front of the slow catalog. See the brief: cache, honour max-age, no stampede.
const http = require('node:http');

const CATALOG_URL = process.env.ASSAY_SERVICE_CATALOG_URL || 'http://127.0.0.1:9200';
const port = Number(process.env.PORT || 8000);

function send(res, status, body) {
  const data = JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(data) });
  res.end(data);
}

http
  .createServer((req, res) => {
    if (req.method === 'GET' && req.url === '/health') return send(res, 200, { status: 'ok' });
    // TODO: GET /products/:id through a cache of `${CATALOG_URL}/products/:id`; POST /invalidate
    send(res, 501, { title: 'Not implemented', status: 501 });
  })
  .listen(port, '127.0.0.1', () => console.log(`listening on ${port}, catalog at ${CATALOG_URL}`));
