'use strict';
// /bookings: the business rules live here and in the bookings_no_overlap constraint.
//
// Rules: ends_at after starts_at; at most MAX_HOURS long; starts_at not in the past;
// attendees within the room's capacity; no two confirmed bookings of a room overlap, with
// half-open intervals [starts_at, ends_at) so back-to-back bookings are fine. Cancelling
// (DELETE) keeps the booking, with status "cancelled", and frees its slot.
const express = require('express');
const { inTransaction } = require('./db');
const { checkIfMatch, decodeCursor, encodeCursor, etag, iso, parseId } = require('./http');
const idempotency = require('./idempotency');
const { conflict, invalidField, notFound } = require('./problems');
const { findRoom } = require('./rooms');
const { Fields, Query, bodyOf, MAX_ID } = require('./validate');

const MAX_HOURS = 4;
const COLUMNS = 'id, room_id, title, attendees, starts_at, ends_at, status, version, created_at, updated_at';
const EXCLUSION_VIOLATION = '23P01';

const toJson = (row) => ({
  id: row.id, room_id: row.room_id, title: row.title, attendees: row.attendees,
  starts_at: iso(row.starts_at), ends_at: iso(row.ends_at), status: row.status,
  created_at: iso(row.created_at), updated_at: iso(row.updated_at),
});

const bookingFields = (body, partial) => {
  const fields = new Fields(body, { partial });
  if (!partial) fields.integer('room_id', { min: 1, max: MAX_ID });
  return fields
    .string('title', { max: 200 })
    .time('starts_at')
    .time('ends_at')
    .integer('attendees', { min: 1, max: 1000, required: false, fallback: 1 })
    .result();
};

function checkTimes({ starts_at: start, ends_at: end }, startChanged = true) {
  if (end <= start) throw invalidField('ends_at', 'must be after starts_at');
  if (end - start > MAX_HOURS * 3600 * 1000) throw invalidField('ends_at', `a booking may last at most ${MAX_HOURS} hours`);
  if (startChanged && start < new Date()) throw invalidField('starts_at', 'must not be in the past');
}

function checkCapacity(room, attendees) {
  if (attendees > room.capacity) throw invalidField('attendees', `room ${room.id} holds at most ${room.capacity} people`);
}

function overlapAsConflict(err, roomId) {
  return err.code === EXCLUSION_VIOLATION ? conflict(`Room ${roomId} is already booked for part of that time`) : err;
}

async function findBooking(db, id, { lock = false } = {}) {
  const { rows } = id === null ? { rows: [] }
    : await db.query(`SELECT ${COLUMNS} FROM bookings WHERE id = $1${lock ? ' FOR UPDATE' : ''}`, [id]);
  if (!rows.length) throw notFound(`Booking ${id} does not exist`);
  return rows[0];
}

// The list query for validated parameters: fixed SQL fragments, every value a $n placeholder.
function listQuery(q) {
  const where = [];
  const values = [];
  const filters = [['room_id = ', q.room_id], ['status = ', q.status], ['ends_at > ', q.from], ['starts_at < ', q.to]];
  for (const [clause, value] of filters) {
    if (value === undefined) continue;
    values.push(value);
    where.push(`${clause}$${values.length}`);
  }
  const descending = q.sort.startsWith('-');
  if (q.cursor !== undefined) {
    const [key, lastId] = decodeCursor(q.cursor, q.sort);
    const after = new Date(key);
    if (typeof key !== 'string' || Number.isNaN(after.getTime())) throw invalidField('cursor', 'is not a cursor this service issued');
    values.push(after, lastId);
    where.push(`(starts_at, id) ${descending ? '<' : '>'} ($${values.length - 1}, $${values.length})`);
  }
  const direction = descending ? 'DESC' : 'ASC';
  values.push(q.limit + 1);
  const text = `SELECT ${COLUMNS} FROM bookings ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
                ORDER BY starts_at ${direction}, id ${direction} LIMIT $${values.length}`;
  return { text, values };
}

async function insertBooking(db, booking) {
  const room = await findRoom(db, booking.room_id).catch((err) => {
    throw err.status === 404 ? invalidField('room_id', `room ${booking.room_id} does not exist`) : err;
  });
  checkTimes(booking);
  checkCapacity(room, booking.attendees);
  const { rows } = await db
    .query(`INSERT INTO bookings (room_id, title, attendees, starts_at, ends_at) VALUES ($1, $2, $3, $4, $5)
            RETURNING ${COLUMNS}`,
    [booking.room_id, booking.title, booking.attendees, booking.starts_at, booking.ends_at])
    .catch((err) => { throw overlapAsConflict(err, booking.room_id); });
  return rows[0];
}

function idempotencyKeyOf(req) {
  const key = req.get('Idempotency-Key');
  if (key !== undefined && (key.length < 1 || key.length > 255)) throw invalidField('Idempotency-Key', 'must be 1 to 255 characters');
  return key;
}

function router(pool) {
  const r = express.Router();

  r.post('/', async (req, res) => {
    const booking = bookingFields(bodyOf(req), false);
    const key = idempotencyKeyOf(req);
    const outcome = await inTransaction(pool, async (db) => {
      if (key !== undefined) {
        const replay = await idempotency.claim(db, key, booking);
        if (replay) return { replay };
      }
      const row = await insertBooking(db, booking);
      if (key !== undefined) await idempotency.remember(db, key, 201, toJson(row), `/bookings/${row.id}`);
      return { row };
    });
    if (outcome.replay) {
      const { status_code: status, body, location } = outcome.replay;
      return res.status(status).location(location).set('Idempotent-Replayed', 'true').json(body);
    }
    const { row } = outcome;
    return res.status(201).location(`/bookings/${row.id}`).set('ETag', etag(row)).json(toJson(row));
  });

  r.get('/', async (req, res) => {
    const q = new Query(req.query)
      .integer('room_id', { min: 1, max: MAX_ID })
      .oneOf('status', ['confirmed', 'cancelled'], undefined)
      .time('from')
      .time('to')
      .oneOf('sort', ['starts_at', '-starts_at'], 'starts_at')
      .integer('limit', { min: 1, max: 100, fallback: 20 })
      .text('cursor', 500)
      .result();
    if (q.from && q.to && q.to <= q.from) throw invalidField('to', 'must be after from');
    const { rows } = await pool.query(listQuery(q));
    const page = rows.slice(0, q.limit);
    const last = page[page.length - 1];
    const nextCursor = rows.length > q.limit ? encodeCursor(q.sort, last.starts_at, last.id) : null;
    res.json({ items: page.map(toJson), next_cursor: nextCursor });
  });

  r.get('/:id', async (req, res) => {
    const row = await findBooking(pool, parseId(req.params.id));
    res.set('ETag', etag(row)).json(toJson(row));
  });

  r.patch('/:id', async (req, res) => {
    const changes = bookingFields(bodyOf(req), true);
    const row = await inTransaction(pool, async (db) => {
      const current = await findBooking(db, parseId(req.params.id), { lock: true });
      checkIfMatch(req, current);
      if (current.status === 'cancelled') throw conflict(`Booking ${current.id} is cancelled and cannot be changed`);
      const next = { ...current, ...changes };
      checkTimes(next, 'starts_at' in changes);
      checkCapacity(await findRoom(db, current.room_id), next.attendees);
      const { rows } = await db
        .query(`UPDATE bookings SET title = $1, attendees = $2, starts_at = $3, ends_at = $4,
                version = version + 1, updated_at = now() WHERE id = $5 RETURNING ${COLUMNS}`,
        [next.title, next.attendees, next.starts_at, next.ends_at, current.id])
        .catch((err) => { throw overlapAsConflict(err, current.room_id); });
      return rows[0];
    });
    res.set('ETag', etag(row)).json(toJson(row));
  });

  r.delete('/:id', async (req, res) => {
    await inTransaction(pool, async (db) => {
      const booking = await findBooking(db, parseId(req.params.id), { lock: true });
      checkIfMatch(req, booking);
      if (booking.status === 'confirmed') {
        await db.query("UPDATE bookings SET status = 'cancelled', version = version + 1, updated_at = now() WHERE id = $1",
          [booking.id]);
      }
    });
    res.status(204).end();
  });

  return r;
}

module.exports = { router };
