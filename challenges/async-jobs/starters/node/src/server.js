const Redis = require('ioredis');
const { createApp } = require('./app');

const port = Number(process.env.PORT || 8000);
const redis = new Redis(process.env.REDIS_URL || 'redis://127.0.0.1:6379/0');
createApp(redis).listen(port, '127.0.0.1', () => console.log(`listening on ${port}`));
