"""A read-through cache in Redis with a lock per key, so one request fetches a cold key for everyone.

Each entry keeps the product, when it stops being fresh (the catalog's max-age) and when it was
fetched; Redis keeps it STALE_SECONDS longer so it can stand in while the catalog fails.
"""

import asyncio
import json
import time
import uuid

from redis.asyncio import Redis

from app.catalog import CatalogUnavailable, Fetched

STALE_SECONDS = 60
LOCK_MS = 5000
WAIT_STEP = 0.02
_RELEASE = "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) end return 0"


class NotFound(Exception):
    pass


def _key(product_id: int) -> str:
    return f"product:{product_id}"


async def _entry(redis: Redis, product_id: int) -> dict | None:
    raw = await redis.get(_key(product_id))
    return json.loads(raw) if raw else None


def _fresh(entry: dict | None) -> bool:
    return entry is not None and time.time() < entry["fresh_until"]


async def _store(redis: Redis, product_id: int, fetched: Fetched) -> None:
    now = time.time()
    entry = {"product": fetched.product, "fresh_until": now + fetched.max_age, "fetched_at": now}
    await redis.set(_key(product_id), json.dumps(entry), ex=fetched.max_age + STALE_SECONDS)


async def _refresh(redis: Redis, product_id: int, fetch, stale: dict | None) -> dict:
    try:
        fetched = await fetch(product_id)
    except CatalogUnavailable:
        if stale is not None and time.time() - stale["fetched_at"] < STALE_SECONDS:
            return stale["product"]
        raise
    if fetched.product is None:
        raise NotFound(product_id)
    if fetched.max_age > 0:
        await _store(redis, product_id, fetched)
    return fetched.product


async def read(redis: Redis, product_id: int, fetch) -> dict:
    """The product, from the cache while fresh; otherwise fetched by exactly one request at a time."""
    entry = await _entry(redis, product_id)
    if _fresh(entry):
        return entry["product"]
    lock, token = f"lock:{_key(product_id)}", uuid.uuid4().hex
    deadline = time.monotonic() + LOCK_MS / 1000
    while not await redis.set(lock, token, nx=True, px=LOCK_MS):
        await asyncio.sleep(WAIT_STEP)
        entry = await _entry(redis, product_id)
        if _fresh(entry):
            return entry["product"]
        if time.monotonic() > deadline:
            break
    try:
        entry = await _entry(redis, product_id)
        if _fresh(entry):  # filled while we waited for the lock
            return entry["product"]
        return await _refresh(redis, product_id, fetch, entry)
    finally:
        await redis.eval(_RELEASE, 1, lock, token)


async def invalidate(redis: Redis, product_id: int) -> None:
    await redis.delete(_key(product_id))
