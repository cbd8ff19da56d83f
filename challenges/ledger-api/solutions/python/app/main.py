"""The ledger service: FastAPI app, schema on start, /health."""

from contextlib import asynccontextmanager

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse

from app import accounts, db, problems, transfers


@asynccontextmanager
async def lifespan(app: FastAPI):
    app.state.pool = db.create_pool()
    db.create_schema(app.state.pool)
    yield
    app.state.pool.close()


app = FastAPI(
    title="Ledger",
    version="1.0.0",
    description="Accounts and transfers. Money is in integer cents; errors are RFC 9457 problem details.",
    lifespan=lifespan,
)
problems.install(app)
app.include_router(accounts.router)
app.include_router(transfers.router)


@app.get("/health", tags=["ops"])
def health(request: Request) -> JSONResponse:
    """Ready when the database answers."""
    try:
        with request.app.state.pool.connection(timeout=2) as conn:
            conn.execute("SELECT 1")
    except Exception:
        return JSONResponse({"status": "unavailable"}, status_code=503)
    return JSONResponse({"status": "ok"})
