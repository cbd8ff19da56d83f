"""The Conduit (RealWorld) API. Start here; split into modules as it grows.

The platform starts it with PORT and DATABASE_URL set, waits for GET /health to answer 200,
then calls the API described in README.md.
"""

from contextlib import asynccontextmanager

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse

from app import db


@asynccontextmanager
async def lifespan(app: FastAPI):
    app.state.pool = db.create_pool()
    db.create_schema(app.state.pool)
    yield
    app.state.pool.close()


app = FastAPI(title="Conduit", version="0.1.0", lifespan=lifespan)


@app.get("/health")
def health() -> dict:
    """Ready to serve (not part of the RealWorld spec: the platform polls it)."""
    return {"status": "ok"}


def not_implemented(request: Request) -> JSONResponse:
    body = {"errors": {"body": [f"{request.method} {request.url.path} is not implemented yet"]}}
    return JSONResponse(body, status_code=501)


# TODO: replace this placeholder with the real endpoints (see README.md).
app.add_api_route(
    "/api/{path:path}", not_implemented, methods=["GET", "POST", "PUT", "DELETE"], include_in_schema=False
)
