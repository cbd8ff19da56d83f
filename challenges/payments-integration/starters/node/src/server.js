'use strict';
// The platform starts this with PORT and DATABASE_URL set and waits for GET /health to answer 200.
const { createApp } = require('./app');
const { createPool, createSchema } = require('./db');

async function main() {
  const pool = createPool();
  await createSchema(pool);
  const port = Number(process.env.PORT || 8000);
  const server = createApp(pool).listen(port, '127.0.0.1', () => console.log(`listening on 127.0.0.1:${port}`));
  const stop = () => server.close(() => pool.end().then(() => process.exit(0)));
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
