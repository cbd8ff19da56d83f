'use strict';
// /rooms: create, list (search, sort, cursor pagination), read, update, delete.
const express = require('express');
const { inTransaction } = require('./db');
const { checkIfMatch, decodeCursor, encodeCursor, etag, iso, parseId } = require('./http');
const { conflict, invalidField, notFound } = require('./problems');
const { Fields, Query, bodyOf } = require('./validate');

const COLUMNS = 'id, name, capacity, version, created_at, updated_at';
const SORTS = {
  name: ['name', 'ASC'], '-name': ['name', 'DESC'],
  capacity: ['capacity', 'ASC'], '-capacity': ['capacity', 'DESC'],
};
const UNIQUE_VIOLATION = '23505';

const toJson = (row) => ({
  id: row.id, name: row.name, capacity: row.capacity,
  created_at: iso(row.created_at), updated_at: iso(row.updated_at),
});

// The list query for validated parameters: fixed SQL fragments (the sort column and direction come from
// SORTS, never from the request), every value a $n placeholder.
function listQuery(q) {
  const [column, direction] = SORTS[q.sort];
  const where = [];
  const values = [];
  if (q.q !== undefined) {
    values.push(`%${q.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
    where.push(`name ILIKE $${values.length}`);
  }
  if (q.min_capacity !== undefined) {
    values.push(q.min_capacity);
    where.push(`capacity >= $${values.length}`);
  }
  if (q.cursor !== undefined) {
    const [key, lastId] = decodeCursor(q.cursor, q.sort);
    if (typeof key !== (column === 'name' ? 'string' : 'number')) throw invalidField('cursor', 'is not a cursor this service issued');
    values.push(key, lastId);
    where.push(`(${column}, id) ${direction === 'ASC' ? '>' : '<'} ($${values.length - 1}, $${values.length})`);
  }
  values.push(q.limit + 1);
  const text = `SELECT ${COLUMNS} FROM rooms ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
                ORDER BY ${column} ${direction}, id ${direction} LIMIT $${values.length}`;
  return { text, values };
}

async function findRoom(db, id, { lock = false } = {}) {
  const { rows } = id === null ? { rows: [] }
    : await db.query(`SELECT ${COLUMNS} FROM rooms WHERE id = $1${lock ? ' FOR UPDATE' : ''}`, [id]);
  if (!rows.length) throw notFound(`Room ${id} does not exist`);
  return rows[0];
}

const roomFields = (body, partial) => new Fields(body, { partial })
  .string('name', { max: 100 })
  .integer('capacity', { min: 1, max: 1000 })
  .result();

function nameTaken(err, name) {
  return err.code === UNIQUE_VIOLATION ? conflict(`A room named '${name}' already exists`) : err;
}

function router(pool) {
  const r = express.Router();

  r.post('/', async (req, res) => {
    const room = roomFields(bodyOf(req), false);
    const { rows: [row] } = await pool
      .query(`INSERT INTO rooms (name, capacity) VALUES ($1, $2) RETURNING ${COLUMNS}`, [room.name, room.capacity])
      .catch((err) => { throw nameTaken(err, room.name); });
    res.status(201).location(`/rooms/${row.id}`).set('ETag', etag(row)).json(toJson(row));
  });

  r.get('/', async (req, res) => {
    const q = new Query(req.query)
      .text('q', 100)
      .integer('min_capacity', { min: 1, max: 1000000 })
      .oneOf('sort', Object.keys(SORTS), 'name')
      .integer('limit', { min: 1, max: 100, fallback: 20 })
      .text('cursor', 500)
      .result();
    const [column] = SORTS[q.sort];
    const { rows } = await pool.query(listQuery(q));
    const page = rows.slice(0, q.limit);
    const last = page[page.length - 1];
    const nextCursor = rows.length > q.limit ? encodeCursor(q.sort, last[column], last.id) : null;
    res.json({ items: page.map(toJson), next_cursor: nextCursor });
  });

  r.get('/:id', async (req, res) => {
    const row = await findRoom(pool, parseId(req.params.id));
    res.set('ETag', etag(row)).json(toJson(row));
  });

  r.patch('/:id', async (req, res) => {
    const changes = roomFields(bodyOf(req), true);
    const row = await inTransaction(pool, async (db) => {
      const current = await findRoom(db, parseId(req.params.id), { lock: true });
      checkIfMatch(req, current);
      const next = { ...current, ...changes };
      const { rows } = await db
        .query(`UPDATE rooms SET name = $1, capacity = $2, version = version + 1, updated_at = now()
                WHERE id = $3 RETURNING ${COLUMNS}`, [next.name, next.capacity, current.id])
        .catch((err) => { throw nameTaken(err, next.name); });
      return rows[0];
    });
    res.set('ETag', etag(row)).json(toJson(row));
  });

  r.delete('/:id', async (req, res) => {
    await inTransaction(pool, async (db) => {
      const room = await findRoom(db, parseId(req.params.id), { lock: true });
      checkIfMatch(req, room);
      const busy = await db.query("SELECT 1 FROM bookings WHERE room_id = $1 AND status = 'confirmed' LIMIT 1", [room.id]);
      if (busy.rows.length) throw conflict(`Room ${room.id} still has confirmed bookings; cancel them first`);
      await db.query('DELETE FROM rooms WHERE id = $1', [room.id]);
    });
    res.status(204).end();
  });

  return r;
}

module.exports = { router, findRoom };
