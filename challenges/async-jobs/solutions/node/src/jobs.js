// The job store and the queue in Redis, shared by the service and the worker.
// A job is a hash job:<id>; the queue is the list jobs:queue. The worker moves an id atomically into
// jobs:processing while it works on it (LMOVE) and removes it only once the job is finished, so a worker
// killed mid-job leaves the id there to be delivered again. jobs:applied holds the ids whose credit is
// applied: the credit and that mark are one Lua script, so a redelivered job never credits twice.
const crypto = require('node:crypto');
const Redis = require('ioredis');

const QUEUE = 'jobs:queue';
const PROCESSING = 'jobs:processing';
const APPLIED = 'jobs:applied';
const MAX_ATTEMPTS = 3;

const APPLY_ONCE = `
if redis.call('SADD', KEYS[1], ARGV[1]) == 1 then
  redis.call('INCRBY', KEYS[2], ARGV[2])
  return 1
end
return 0`;

function connect() {
  const redis = new Redis(process.env.REDIS_URL || 'redis://127.0.0.1:6379/0');
  redis.defineCommand('applyOnce', { numberOfKeys: 2, lua: APPLY_ONCE });
  return redis;
}

const jobKey = (id) => `job:${id}`;
const balanceKey = (account) => `balance:${account}`;

async function enqueue(redis, { account, amount, receiptMs, failTimes }) {
  const id = crypto.randomUUID().replaceAll('-', '');
  const fields = { account, amount, receipt_ms: receiptMs, fail_times: failTimes, status: 'queued', attempts: 0, error: '' };
  await redis.multi().hset(jobKey(id), fields).lpush(QUEUE, id).exec();
  return id;
}

async function status(redis, id) {
  const job = await redis.hgetall(jobKey(id));
  if (!job.status) return null;
  return { id, status: job.status, attempts: Number(job.attempts), error: job.error || null };
}

async function balance(redis, account) {
  return Number((await redis.get(balanceKey(account))) || 0);
}

module.exports = { QUEUE, PROCESSING, APPLIED, MAX_ATTEMPTS, connect, jobKey, balanceKey, enqueue, status, balance };
