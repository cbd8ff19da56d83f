'use strict';
// Users (registration, login, the current user) and profiles (following).
const express = require('express');
const auth = require('./auth');
const { invalid, notFound, unauthorized } = require('./errors');
const { unwrap, text } = require('./validate');

const USER_BY_ID = 'SELECT id, username, email, bio, image FROM users WHERE id = $1';
const USER_BY_EMAIL = 'SELECT id, username, email, bio, image, password_hash FROM users WHERE email = $1';
const INSERT_USER = `
INSERT INTO users (username, email, password_hash) VALUES ($1, $2, $3)
RETURNING id, username, email, bio, image`;
const UPDATE_USER = `
UPDATE users SET username = coalesce($2, username), email = coalesce($3, email),
  password_hash = coalesce($4, password_hash),
  bio = CASE WHEN $5::boolean THEN $6 ELSE bio END,
  image = CASE WHEN $7::boolean THEN $8 ELSE image END
WHERE id = $1 RETURNING id, username, email, bio, image`;
const PROFILE = `
SELECT u.id, u.username, u.bio, u.image,
  EXISTS (SELECT 1 FROM follows f WHERE f.followee_id = u.id AND f.follower_id = $2::bigint) AS following
FROM users u WHERE u.username = $1`;
const FOLLOW = 'INSERT INTO follows (follower_id, followee_id) VALUES ($1, $2) ON CONFLICT DO NOTHING';
const UNFOLLOW = 'DELETE FROM follows WHERE follower_id = $1 AND followee_id = $2';
const MIN_PASSWORD = 8;
const UNIQUE_VIOLATION = '23505';

const userJson = (row) => ({
  user: { email: row.email, token: auth.makeToken(row.id), username: row.username, bio: row.bio, image: row.image },
});
const profileJson = (row, following) => ({
  profile: { username: row.username, bio: row.bio, image: row.image, following },
});

function readEmail(fields, required) {
  const email = text(fields, 'email', { required, maxLength: 254 });
  if (email !== null && (!email.includes('@') || email.trim() !== email)) throw invalid('email', 'is not an email address');
  return email;
}

function readPassword(fields, required) {
  const password = text(fields, 'password', { required, maxLength: 200 });
  if (password !== null && password.length < MIN_PASSWORD) {
    throw invalid('password', `is too short (at least ${MIN_PASSWORD} characters)`);
  }
  return password;
}

function readUsername(fields, required) {
  const username = text(fields, 'username', { required, maxLength: 50 });
  if (username !== null && (!username.trim() || username.trim() !== username)) {
    throw invalid('username', "can't be blank or start or end with spaces");
  }
  return username;
}

/** Run a write; a unique violation becomes the spec's 422 "has already been taken". */
async function unlessTaken(work) {
  try {
    return await work();
  } catch (err) {
    if (err.code !== UNIQUE_VIOLATION) throw err;
    throw invalid(String(err.constraint).includes('email') ? 'email' : 'username', 'has already been taken');
  }
}

async function findProfile(pool, username, viewer) {
  const { rows } = await pool.query(PROFILE, [username, viewer]);
  if (!rows.length) throw notFound('profile');
  return rows[0];
}

function usersRouter(pool) {
  const router = express.Router();

  router.post('/users', async (req, res) => {
    const fields = unwrap(req.body, 'user');
    const username = readUsername(fields, true);
    const email = readEmail(fields, true);
    const password = readPassword(fields, true);
    const hash = await auth.hashPassword(password);
    const { rows } = await unlessTaken(() => pool.query(INSERT_USER, [username, email, hash]));
    res.status(201).json(userJson(rows[0]));
  });

  router.post('/users/login', async (req, res) => {
    const fields = unwrap(req.body, 'user');
    const email = text(fields, 'email', { required: true });
    const password = text(fields, 'password', { required: true });
    const { rows } = await pool.query(USER_BY_EMAIL, [email]);
    if (!rows.length || !(await auth.checkPassword(password, rows[0].password_hash))) {
      throw unauthorized('email or password is invalid');
    }
    res.json(userJson(rows[0]));
  });

  router.get('/user', async (req, res) => {
    const { rows } = await pool.query(USER_BY_ID, [auth.userId(req)]);
    if (!rows.length) throw unauthorized("the token's user no longer exists");
    res.json(userJson(rows[0]));
  });

  router.put('/user', async (req, res) => {
    const me = auth.userId(req);
    const fields = unwrap(req.body, 'user');
    const password = readPassword(fields, false);
    const params = [
      me,
      readUsername(fields, false),
      readEmail(fields, false),
      password ? await auth.hashPassword(password) : null,
      'bio' in fields,
      text(fields, 'bio', { required: false }),
      'image' in fields,
      text(fields, 'image', { required: false, maxLength: 2000 }),
    ];
    const { rows } = await unlessTaken(() => pool.query(UPDATE_USER, params));
    if (!rows.length) throw unauthorized("the token's user no longer exists");
    res.json(userJson(rows[0]));
  });

  router.get('/profiles/:username', async (req, res) => {
    const profile = await findProfile(pool, req.params.username, auth.viewerId(req));
    res.json(profileJson(profile, profile.following));
  });

  router.post('/profiles/:username/follow', async (req, res) => {
    const me = auth.userId(req);
    const target = await findProfile(pool, req.params.username, me);
    if (Number(target.id) === me) throw invalid('username', 'you cannot follow yourself');
    await pool.query(FOLLOW, [me, target.id]);
    res.json(profileJson(target, true));
  });

  router.delete('/profiles/:username/follow', async (req, res) => {
    const me = auth.userId(req);
    const target = await findProfile(pool, req.params.username, me);
    await pool.query(UNFOLLOW, [me, target.id]);
    res.json(profileJson(target, false));
  });

  return router;
}

module.exports = { usersRouter };
