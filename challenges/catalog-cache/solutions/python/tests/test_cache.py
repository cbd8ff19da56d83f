"""Our own checks of the cache, against a stand-in catalog function (no network)."""

import asyncio
import os

import pytest
from redis.asyncio import Redis

from app import cache
from app.catalog import CatalogUnavailable, Fetched

REDIS_URL = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0")


def run(coro):
    return asyncio.run(coro)


async def fresh_redis() -> Redis:
    redis = Redis.from_url(REDIS_URL)
    await redis.flushdb()
    return redis


def test_concurrent_cold_reads_fetch_once():
    calls = []

    async def fetch(pid):
        calls.append(pid)
        await asyncio.sleep(0.2)
        return Fetched({"id": pid, "version": 1}, 30)

    async def scenario():
        redis = await fresh_redis()
        results = await asyncio.gather(*(cache.read(redis, 1, fetch) for _ in range(20)))
        await redis.aclose()
        return results

    assert len(run(scenario())) == 20 and calls == [1]


def test_failure_without_a_copy_raises():
    async def fetch(pid):
        raise CatalogUnavailable("down")

    async def scenario():
        redis = await fresh_redis()
        try:
            await cache.read(redis, 2, fetch)
        finally:
            await redis.aclose()

    with pytest.raises(CatalogUnavailable):
        run(scenario())
