// The worker: takes jobs off the queue reliably, credits once, retries a refused credit at most 3 times.
// One worker is assumed: at start it puts back on the queue whatever a previous worker was doing when it died.
const jobs = require('./jobs');

const REFUSED = 'ledger refused the credit';
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

async function recover(redis) {
  while ((await redis.lmove(jobs.PROCESSING, jobs.QUEUE, 'RIGHT', 'RIGHT')) !== null);
}

async function finish(redis, id, fields) {
  await redis.multi().hset(jobs.jobKey(id), fields).lrem(jobs.PROCESSING, 1, id).exec();
}

async function retry(redis, id, error) {
  await redis
    .multi()
    .hset(jobs.jobKey(id), { status: 'queued', error })
    .lpush(jobs.QUEUE, id)
    .lrem(jobs.PROCESSING, 1, id)
    .exec();
}

async function processJob(redis, id) {
  const job = await redis.hgetall(jobs.jobKey(id));
  if (!job.status || job.status === 'done' || job.status === 'failed') {
    await redis.lrem(jobs.PROCESSING, 1, id); // finished before a crash: only the acknowledgement was lost
    return;
  }
  const attempts = await redis.hincrby(jobs.jobKey(id), 'attempts', 1);
  await redis.hset(jobs.jobKey(id), 'status', 'running');
  if (attempts <= Number(job.fail_times)) {
    if (attempts >= jobs.MAX_ATTEMPTS) return finish(redis, id, { status: 'failed', error: REFUSED });
    return retry(redis, id, REFUSED);
  }
  await redis.applyOnce(jobs.APPLIED, jobs.balanceKey(job.account), id, Number(job.amount));
  await sleep(Number(job.receipt_ms)); // the receipt; a crash here must not credit twice
  await finish(redis, id, { status: 'done' });
}

async function main() {
  const redis = jobs.connect();
  await recover(redis);
  console.log('worker ready');
  for (;;) {
    const id = await redis.blmove(jobs.QUEUE, jobs.PROCESSING, 'RIGHT', 'LEFT', 1);
    if (id !== null) await processJob(redis, id);
  }
}

if (require.main === module) {
  main().catch((error) => {
    console.error(error);
    process.exit(1);
  });
}

module.exports = { processJob, recover };
