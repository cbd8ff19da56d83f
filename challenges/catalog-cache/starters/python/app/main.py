"""Products API in front of the slow catalog. See the brief: cache, honour max-age, no stampede."""

import os

from fastapi import FastAPI
from fastapi.responses import JSONResponse

CATALOG_URL = os.environ.get("ASSAY_SERVICE_CATALOG_URL", "http://127.0.0.1:9200")
REDIS_URL = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0")

app = FastAPI(title="Catalog cache")


@app.get("/health")
async def health() -> dict:
    return {"status": "ok"}


@app.get("/products/{product_id}")
async def get_product(product_id: int):
    # TODO: read through a cache from f"{CATALOG_URL}/products/{product_id}"
    return JSONResponse({"title": "Not implemented", "status": 501}, status_code=501)


@app.post("/invalidate")
async def invalidate():
    # TODO: forget the cached copy of {"product_id": ...}
    return JSONResponse({"title": "Not implemented", "status": 501}, status_code=501)
