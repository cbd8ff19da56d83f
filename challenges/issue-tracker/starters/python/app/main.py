"""The issue tracker: its page (app/static/) and the JSON API the page uses. See the README for the API."""

from pathlib import Path

from fastapi import FastAPI
from fastapi.responses import FileResponse, JSONResponse

STATIC = Path(__file__).parent / "static"
app = FastAPI(title="Issue tracker")


def not_implemented() -> JSONResponse:
    return JSONResponse({"errors": {"server": "Not implemented yet."}}, status_code=501)


@app.get("/health")
def health() -> dict[str, str]:
    return {"status": "ok"}


@app.get("/", include_in_schema=False)
def page() -> FileResponse:
    return FileResponse(STATIC / "index.html", media_type="text/html")


@app.get("/app.js", include_in_schema=False)
def script() -> FileResponse:
    return FileResponse(STATIC / "app.js", media_type="text/javascript")


@app.get("/style.css", include_in_schema=False)
def style() -> FileResponse:
    return FileResponse(STATIC / "style.css", media_type="text/css")


@app.post("/api/issues")
def create_issue() -> JSONResponse:
    return not_implemented()


@app.get("/api/issues")
def list_issues() -> JSONResponse:
    return not_implemented()


@app.get("/api/issues/{issue_id}")
def get_issue(issue_id: int) -> JSONResponse:
    return not_implemented()


@app.patch("/api/issues/{issue_id}")
def edit_issue(issue_id: int) -> JSONResponse:
    return not_implemented()
