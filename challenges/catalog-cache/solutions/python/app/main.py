"""Products API in front of the slow catalog, cached in Redis."""

import os
from contextlib import asynccontextmanager

import httpx
from fastapi import FastAPI
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel
from redis.asyncio import Redis

from app import cache
from app.catalog import CatalogUnavailable, fetch


@asynccontextmanager
async def lifespan(app: FastAPI):
    app.state.redis = Redis.from_url(os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0"))
    app.state.http = httpx.AsyncClient(limits=httpx.Limits(max_connections=100))
    yield
    await app.state.http.aclose()
    await app.state.redis.aclose()


app = FastAPI(title="Catalog cache", lifespan=lifespan)


class Invalidation(BaseModel):
    product_id: int


def problem(status: int, title: str) -> JSONResponse:
    return JSONResponse({"title": title, "status": status}, status_code=status, media_type="application/problem+json")


@app.get("/health")
async def health() -> dict:
    return {"status": "ok"}


@app.get("/products/{product_id}")
async def get_product(product_id: int):
    try:
        return await cache.read(app.state.redis, product_id, lambda pid: fetch(app.state.http, pid))
    except cache.NotFound:
        return problem(404, "No such product")
    except CatalogUnavailable:
        return problem(503, "The catalog is unavailable and no recent copy is cached")


@app.post("/invalidate", status_code=204)
async def invalidate(body: Invalidation) -> Response:
    await cache.invalidate(app.state.redis, body.product_id)
    return Response(status_code=204)
