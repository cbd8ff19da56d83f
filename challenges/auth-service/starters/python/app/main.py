"""The auth service. Start here; split into modules as it grows.

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


app = FastAPI(title="Auth service", version="0.1.0", lifespan=lifespan)


@app.get("/health")
def health() -> dict:
    """Ready to serve."""
    return {"status": "ok"}


def not_implemented(request: Request) -> JSONResponse:
    detail = f"{request.method} {request.url.path}"
    body = {"type": "about:blank", "title": "Not Implemented", "status": 501, "detail": detail}
    return JSONResponse(body, status_code=501, media_type="application/problem+json")


# TODO: replace these placeholders with the real endpoints.
ROUTES = (
    "/accounts",
    "/accounts/{account_id}",
    "/accounts/{account_id}/transfers",
    "/transfers",
    "/transfers/{transfer_id}",
)
for path in ROUTES:
    app.add_api_route(path, not_implemented, methods=["GET", "POST", "PATCH", "DELETE"], include_in_schema=False)
