// The worker process: [worker] command in assay.toml starts it beside the service, with the same REDIS_URL.
// The grader kills it (SIGKILL) in the middle of a batch and starts it again: no job may be lost, none applied twice.
const Redis = require('ioredis');

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

async function main() {
  const redis = new Redis(process.env.REDIS_URL || 'redis://127.0.0.1:6379/0');
  await redis.ping();
  console.log('worker ready');
  for (;;) {
    // TODO: take a job, credit its account once, send its receipt, record its status
    await sleep(1000);
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
