// An in-process read-through cache with single-flight: concurrent misses of one key share one fetch.
// Entries keep when they stop being fresh (the catalog's max-age) and when they were fetched, so a
// copy younger than STALE_MS can stand in while the catalog fails.
const { CatalogUnavailable } = require('./catalog');

const STALE_MS = 60_000;

class NotFound extends Error {}

function createCache(fetchProduct, now = () => Date.now()) {
  const entries = new Map();
  const inFlight = new Map();

  async function refresh(id) {
    const stale = entries.get(id);
    let fetched;
    try {
      fetched = await fetchProduct(id);
    } catch (error) {
      if (error instanceof CatalogUnavailable && stale && now() - stale.fetchedAt < STALE_MS) return stale.product;
      throw error;
    }
    if (fetched.product === null) throw new NotFound(String(id));
    if (fetched.maxAge > 0) {
      entries.set(id, { product: fetched.product, freshUntil: now() + fetched.maxAge * 1000, fetchedAt: now() });
    }
    return fetched.product;
  }

  function read(id) {
    const entry = entries.get(id);
    if (entry && now() < entry.freshUntil) return Promise.resolve(entry.product);
    if (!inFlight.has(id)) {
      const pending = refresh(id).finally(() => inFlight.delete(id));
      inFlight.set(id, pending);
    }
    return inFlight.get(id);
  }

  function invalidate(id) {
    entries.delete(id);
    inFlight.delete(id); // a fetch started before the change must not answer later readers
  }

  return { read, invalidate };
}

module.exports = { createCache, NotFound, STALE_MS };
