// Our own checks of the cache, against a stand-in catalog function.
const test = require('node:test');
const assert = require('node:assert');
const { createCache } = require('../src/cache');
const { CatalogUnavailable } = require('../src/catalog');

test('concurrent cold reads fetch once', async () => {
  let calls = 0;
  const cache = createCache(async (id) => {
    calls += 1;
    await new Promise((r) => setTimeout(r, 50));
    return { product: { id, version: 1 }, maxAge: 30 };
  });
  await Promise.all(Array.from({ length: 20 }, () => cache.read(1)));
  assert.strictEqual(calls, 1);
});

test('a stale copy stands in while the catalog fails, within the bound', async () => {
  let clock = 0;
  let down = false;
  const cache = createCache(async (id) => {
    if (down) throw new CatalogUnavailable('down');
    return { product: { id, version: 1 }, maxAge: 1 };
  }, () => clock);
  await cache.read(2);
  down = true;
  clock = 5_000;
  assert.deepStrictEqual(await cache.read(2), { id: 2, version: 1 });
  clock = 61_000;
  await assert.rejects(cache.read(2), CatalogUnavailable);
});
