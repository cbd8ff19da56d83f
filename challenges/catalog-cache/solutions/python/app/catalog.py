"""The upstream catalog: one product read, and the max-age it grants."""

import os
import re
from dataclasses import dataclass

import httpx

CATALOG_URL = os.environ.get("ASSAY_SERVICE_CATALOG_URL", "http://127.0.0.1:9200")
TIMEOUT = httpx.Timeout(3.0)
_MAX_AGE = re.compile(r"max-age=(\d+)")


class CatalogUnavailable(Exception):
    """The catalog failed (5xx, timeout, refused): the caller may fall back to a stale copy."""


@dataclass
class Fetched:
    product: dict | None  # None: the catalog has no such product
    max_age: int


def max_age(cache_control: str) -> int:
    match = _MAX_AGE.search(cache_control or "")
    return int(match.group(1)) if match else 0


async def fetch(client: httpx.AsyncClient, product_id: int) -> Fetched:
    try:
        resp = await client.get(f"{CATALOG_URL}/products/{product_id}", timeout=TIMEOUT)
    except httpx.HTTPError as error:
        raise CatalogUnavailable(str(error)) from error
    if resp.status_code == 404:
        return Fetched(None, 0)
    if resp.status_code != 200:
        raise CatalogUnavailable(f"catalog answered {resp.status_code}")
    return Fetched(resp.json(), max_age(resp.headers.get("cache-control", "")))
