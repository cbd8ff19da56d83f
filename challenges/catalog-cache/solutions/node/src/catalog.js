// The upstream catalog: one product read, and the max-age it grants.
const CATALOG_URL = process.env.ASSAY_SERVICE_CATALOG_URL || 'http://127.0.0.1:9200';

class CatalogUnavailable extends Error {}

function maxAge(cacheControl) {
  const match = /max-age=(\d+)/.exec(cacheControl || '');
  return match ? Number(match[1]) : 0;
}

async function fetchProduct(id) {
  let resp;
  try {
    resp = await fetch(`${CATALOG_URL}/products/${id}`, { signal: AbortSignal.timeout(3000) });
  } catch (error) {
    throw new CatalogUnavailable(String(error));
  }
  if (resp.status === 404) return { product: null, maxAge: 0 };
  if (resp.status !== 200) throw new CatalogUnavailable(`catalog answered ${resp.status}`);
  return { product: await resp.json(), maxAge: maxAge(resp.headers.get('cache-control')) };
}

module.exports = { CatalogUnavailable, fetchProduct, maxAge };
