'use strict';
// The OpenAPI 3.1 document served at /openapi.json, written by hand next to the routes it describes.

const ref = (name) => ({ $ref: `#/components/schemas/${name}` });
const json = (schema) => ({ 'application/json': { schema } });
const problem = (description) => ({ description, content: { 'application/problem+json': { schema: ref('Problem') } } });
const idParam = { name: 'id', in: 'path', required: true, schema: { type: 'integer', minimum: 1 } };
const ifMatch = { name: 'If-Match', in: 'header', schema: { type: 'string' }, description: 'ETag from a GET; 412 if stale' };
const query = (name, schema, description) => ({ name, in: 'query', schema, description });
const pageParams = [
  query('limit', { type: 'integer', minimum: 1, maximum: 100, default: 20 }, 'Page size'),
  query('cursor', { type: 'string' }, 'next_cursor of the previous page'),
];
const time = { type: 'string', format: 'date-time', description: 'RFC 3339 with an offset' };
const withEtag = (description, schema) => ({
  description, headers: { ETag: { schema: { type: 'string' } } }, content: json(schema),
});
const created = (schema) => ({
  description: 'Created',
  headers: { Location: { schema: { type: 'string' } }, ETag: { schema: { type: 'string' } } },
  content: json(schema),
});

module.exports = {
  openapi: '3.1.0',
  info: { title: 'Meeting-room bookings', version: '1.0.0', description: 'Rooms and their bookings. Errors are RFC 9457 problem details.' },
  paths: {
    '/health': { get: { summary: 'Ready when the database answers', responses: { 200: { description: 'OK' }, 503: { description: 'Not ready' } } } },
    '/rooms': {
      post: {
        summary: 'Create a room',
        requestBody: { required: true, content: json(ref('RoomInput')) },
        responses: { 201: created(ref('Room')), 409: problem('Name taken'), 422: problem('Invalid fields') },
      },
      get: {
        summary: 'List rooms, sorted and paginated with an opaque cursor',
        parameters: [
          query('q', { type: 'string', maxLength: 100 }, 'Case-insensitive substring of the name'),
          query('min_capacity', { type: 'integer', minimum: 1 }),
          query('sort', { enum: ['name', '-name', 'capacity', '-capacity'], default: 'name' }),
          ...pageParams,
        ],
        responses: { 200: { description: 'A page', content: json(ref('RoomPage')) }, 422: problem('Invalid parameters') },
      },
    },
    '/rooms/{id}': {
      parameters: [idParam],
      get: { summary: 'Read one room', responses: { 200: withEtag('The room', ref('Room')), 404: problem('No such room') } },
      patch: {
        summary: "Change a room's name or capacity",
        parameters: [ifMatch],
        requestBody: { required: true, content: json(ref('RoomPatch')) },
        responses: {
          200: withEtag('Updated', ref('Room')), 404: problem('No such room'), 409: problem('Name taken'),
          412: problem('Stale If-Match'), 422: problem('Invalid fields'),
        },
      },
      delete: {
        summary: 'Delete a room that has no confirmed bookings',
        parameters: [ifMatch],
        responses: { 204: { description: 'Deleted' }, 404: problem('No such room'), 409: problem('Room has bookings'), 412: problem('Stale If-Match') },
      },
    },
    '/bookings': {
      post: {
        summary: 'Book a room',
        parameters: [{ name: 'Idempotency-Key', in: 'header', schema: { type: 'string', maxLength: 255 } }],
        requestBody: { required: true, content: json(ref('BookingInput')) },
        responses: {
          201: created(ref('Booking')), 409: problem('Overlaps another booking'),
          422: problem('Invalid fields, unknown room, or Idempotency-Key reused with another body'),
        },
      },
      get: {
        summary: 'List bookings, filtered by room, status and a time window [from, to)',
        parameters: [
          query('room_id', { type: 'integer', minimum: 1 }),
          query('status', { enum: ['confirmed', 'cancelled'] }),
          query('from', time, 'Bookings that end after this'),
          query('to', time, 'Bookings that start before this'),
          query('sort', { enum: ['starts_at', '-starts_at'], default: 'starts_at' }),
          ...pageParams,
        ],
        responses: { 200: { description: 'A page', content: json(ref('BookingPage')) }, 422: problem('Invalid parameters') },
      },
    },
    '/bookings/{id}': {
      parameters: [idParam],
      get: { summary: 'Read one booking (cancelled ones too)', responses: { 200: withEtag('The booking', ref('Booking')), 404: problem('No such booking') } },
      patch: {
        summary: 'Move or rename a booking',
        parameters: [ifMatch],
        requestBody: { required: true, content: json(ref('BookingPatch')) },
        responses: {
          200: withEtag('Updated', ref('Booking')), 404: problem('No such booking'),
          409: problem('Overlap, or the booking is cancelled'), 412: problem('Stale If-Match'), 422: problem('Invalid fields'),
        },
      },
      delete: {
        summary: 'Cancel a booking; it stays readable with status "cancelled"',
        parameters: [ifMatch],
        responses: { 204: { description: 'Cancelled' }, 404: problem('No such booking'), 412: problem('Stale If-Match') },
      },
    },
  },
  components: {
    schemas: {
      RoomInput: {
        type: 'object', required: ['name', 'capacity'],
        properties: { name: { type: 'string', minLength: 1, maxLength: 100 }, capacity: { type: 'integer', minimum: 1, maximum: 1000 } },
      },
      RoomPatch: {
        type: 'object',
        properties: { name: { type: 'string', minLength: 1, maxLength: 100 }, capacity: { type: 'integer', minimum: 1, maximum: 1000 } },
      },
      Room: {
        type: 'object',
        properties: {
          id: { type: 'integer' }, name: { type: 'string' }, capacity: { type: 'integer' },
          created_at: { type: 'string', format: 'date-time' }, updated_at: { type: 'string', format: 'date-time' },
        },
      },
      RoomPage: { type: 'object', properties: { items: { type: 'array', items: ref('Room') }, next_cursor: { type: ['string', 'null'] } } },
      BookingInput: {
        type: 'object', required: ['room_id', 'title', 'starts_at', 'ends_at'],
        properties: {
          room_id: { type: 'integer' }, title: { type: 'string', minLength: 1, maxLength: 200 },
          starts_at: time, ends_at: { ...time, description: 'Exclusive end, at most 4 hours after starts_at' },
          attendees: { type: 'integer', minimum: 1, default: 1 },
        },
      },
      BookingPatch: {
        type: 'object',
        properties: { title: { type: 'string', minLength: 1, maxLength: 200 }, starts_at: time, ends_at: time, attendees: { type: 'integer', minimum: 1 } },
      },
      Booking: {
        type: 'object',
        properties: {
          id: { type: 'integer' }, room_id: { type: 'integer' }, title: { type: 'string' }, attendees: { type: 'integer' },
          starts_at: time, ends_at: time, status: { enum: ['confirmed', 'cancelled'] },
          created_at: { type: 'string', format: 'date-time' }, updated_at: { type: 'string', format: 'date-time' },
        },
      },
      BookingPage: { type: 'object', properties: { items: { type: 'array', items: ref('Booking') }, next_cursor: { type: ['string', 'null'] } } },
      Problem: {
        type: 'object', required: ['type', 'title', 'status'],
        properties: {
          type: { type: 'string' }, title: { type: 'string' }, status: { type: 'integer' }, detail: { type: 'string' },
          errors: { type: 'array', items: { type: 'object', properties: { field: { type: 'string' }, message: { type: 'string' } } } },
        },
      },
    },
  },
};
