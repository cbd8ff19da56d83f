"""The Conduit (RealWorld) API: users, profiles, articles, comments, favorites, tags."""

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI

from app import articles, comments, db, errors, users


@asynccontextmanager
async def lifespan(app: FastAPI) -> AsyncIterator[None]:
    app.state.pool = db.create_pool()
    db.create_schema(app.state.pool)
    yield
    app.state.pool.close()


app = FastAPI(title="Conduit", version="1.0.0", lifespan=lifespan)
errors.install(app)
app.include_router(users.router)
app.include_router(articles.router)
app.include_router(comments.router)


@app.get("/health")
def health() -> dict[str, str]:
    """Ready to serve (not part of the RealWorld spec; the platform polls it)."""
    return {"status": "ok"}
