"""The issue tracker: its page (static HTML and JavaScript) and the JSON API the page uses."""

import json
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from fastapi.responses import FileResponse, JSONResponse

from app.store import IssueStore
from app.validation import Invalid, clean

STATIC = Path(__file__).parent / "static"
app = FastAPI(title="Issue tracker")
store = IssueStore()


@app.exception_handler(Invalid)
async def invalid(request: Request, exc: Invalid) -> JSONResponse:
    return JSONResponse({"errors": exc.errors}, status_code=422)


def not_found(issue_id: int) -> JSONResponse:
    return JSONResponse({"errors": {"id": f"There is no issue {issue_id}."}}, status_code=404)


async def json_body(request: Request) -> Any:
    try:
        return json.loads(await request.body())
    except ValueError:
        return JSONResponse({"errors": {"body": "Send a JSON object."}}, status_code=400)


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


@app.post("/api/issues", status_code=201)
async def create_issue(request: Request) -> JSONResponse:
    body = await json_body(request)
    if isinstance(body, JSONResponse):
        return body
    issue = store.create(clean(body, partial=False))
    return JSONResponse(issue, status_code=201, headers={"Location": f"/api/issues/{issue['id']}"})


@app.get("/api/issues")
def list_issues(status: str | None = None, label: str | None = None, assignee: str | None = None) -> list[dict]:
    return store.search(status, label, assignee)


@app.get("/api/issues/{issue_id}", response_model=None)
def get_issue(issue_id: int) -> dict | JSONResponse:
    return store.get(issue_id) or not_found(issue_id)


@app.patch("/api/issues/{issue_id}", response_model=None)
async def edit_issue(issue_id: int, request: Request) -> dict | JSONResponse:
    body = await json_body(request)
    if isinstance(body, JSONResponse):
        return body
    if store.get(issue_id) is None:
        return not_found(issue_id)
    return store.update(issue_id, clean(body, partial=True)) or not_found(issue_id)
