"""The auth service: FastAPI app, schema on start, /health."""

from contextlib import asynccontextmanager

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse

from app import auth, db, notes, problems, reset


@asynccontextmanager
async def lifespan(app: FastAPI):
    app.state.pool = db.create_pool()
    db.create_schema(app.state.pool)
    yield
    app.state.pool.close()


app = FastAPI(
    title="Auth service",
    version="1.0.0",
    description="Users, sessions with rotating refresh tokens, and per-user notes. Errors are RFC 9457.",
    lifespan=lifespan,
)
problems.install(app)
app.include_router(auth.router)
app.include_router(reset.router)
app.include_router(notes.router)


@app.get("/health", tags=["ops"])
def health(request: Request) -> JSONResponse:
    """Ready when the database answers."""
    try:
        with request.app.state.pool.connection(timeout=2) as conn:
            conn.execute("SELECT 1")
    except Exception:
        return JSONResponse({"status": "unavailable"}, status_code=503)
    return JSONResponse({"status": "ok"})
