'use strict';
const fs = require('node:fs');
const path = require('node:path');
const pg = require('pg');

// bigint ids fit in a JS number for any realistic table; send them as JSON numbers.
pg.types.setTypeParser(pg.types.builtins.INT8, (value) => Number.parseInt(value, 10));

const SCHEMA = fs.readFileSync(path.join(__dirname, 'schema.sql'), 'utf8');
// Any constant works; it only has to be the same for every instance of this service.
const MIGRATION_LOCK = 4120915;

function createPool() {
  if (!process.env.DATABASE_URL) throw new Error('DATABASE_URL is not set');
  return new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 10 });
}

/** Run fn(client) inside BEGIN/COMMIT; roll back on any error. */
async function inTransaction(pool, fn) {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const result = await fn(client);
    await client.query('COMMIT');
    return result;
  } catch (err) {
    await client.query('ROLLBACK');
    throw err;
  } finally {
    client.release();
  }
}

/** Apply schema.sql; the advisory lock keeps two starting instances from racing. */
async function createSchema(pool) {
  await inTransaction(pool, async (client) => {
    await client.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
    await client.query(SCHEMA);
  });
}

module.exports = { createPool, createSchema, inTransaction };
