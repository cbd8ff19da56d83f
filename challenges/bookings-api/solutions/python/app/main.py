"""The bookings service: FastAPI app, schema on start, /health."""

from contextlib import asynccontextmanager

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse

from app import bookings, db, problems, rooms
from app.http import BodySizeLimit


@asynccontextmanager
async def lifespan(app: FastAPI):
    app.state.pool = db.create_pool()
    db.create_schema(app.state.pool)
    yield
    app.state.pool.close()


app = FastAPI(
    title="Meeting-room bookings",
    version="1.0.0",
    description="Rooms and their bookings. Errors are RFC 9457 problem details.",
    lifespan=lifespan,
)
app.add_middleware(BodySizeLimit)
problems.install(app)
app.include_router(rooms.router)
app.include_router(bookings.router)


@app.get("/health", tags=["ops"])
def health(request: Request) -> JSONResponse:
    """Ready when the database answers."""
    try:
        with request.app.state.pool.connection(timeout=2) as conn:
            conn.execute("SELECT 1")
    except Exception:
        return JSONResponse({"status": "unavailable"}, status_code=503)
    return JSONResponse({"status": "ok"})
