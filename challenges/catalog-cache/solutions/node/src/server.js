const { createApp } = require('./app');
const { createCache } = require('./cache');
const { fetchProduct } = require('./catalog');

const port = Number(process.env.PORT || 8000);
createApp(createCache(fetchProduct)).listen(port, '127.0.0.1', () => {
  console.log(`listening on ${port}`);
});
