// The credit of a job delivered twice is applied once (needs Redis at REDIS_URL).
const test = require('node:test');
const assert = require('node:assert');
const jobs = require('../src/jobs');

test('a credit applied twice for one job counts once', async () => {
  const redis = jobs.connect();
  const id = `unit-${Date.now()}`;
  const account = `unit-account-${Date.now()}`;
  await redis.applyOnce(jobs.APPLIED, jobs.balanceKey(account), id, 5);
  await redis.applyOnce(jobs.APPLIED, jobs.balanceKey(account), id, 5);
  assert.strictEqual(await jobs.balance(redis, account), 5);
  redis.disconnect();
});
