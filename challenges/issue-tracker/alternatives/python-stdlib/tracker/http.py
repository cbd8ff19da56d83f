"""Routes: the page, its fragments and the JSON API."""

import json
import re
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from tracker import fragments
from tracker.issues import RuleBroken, Tracker

STATIC = Path(__file__).parent.parent / "static"
FILES = {"/": ("index.html", "text/html"), "/page.js": ("page.js", "text/javascript")}
ISSUE = re.compile(r"/api/issues/(\d+)")
EDIT = re.compile(r"/fragments/issues/(\d+)/edit")
tracker = Tracker()


class Handler(BaseHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass

    def _send(self, status: int, body: bytes, kind: str, headers: dict[str, str] | None = None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)

    def _json(self, status: int, data: object, headers: dict[str, str] | None = None) -> None:
        self._send(status, json.dumps(data).encode(), "application/json", headers)

    def _html(self, text: str) -> None:
        self._send(200, text.encode(), "text/html; charset=utf-8")

    def _filters(self) -> tuple[str | None, str | None, str | None]:
        query = parse_qs(urlsplit(self.path).query)
        first = {name: values[0] for name, values in query.items() if values and values[0]}
        return first.get("status"), first.get("label"), first.get("assignee")

    def _body(self) -> object:
        length = int(self.headers.get("Content-Length") or 0)
        return json.loads(self.rfile.read(length) or b"null")

    def do_GET(self) -> None:
        path = urlsplit(self.path).path
        if path == "/health":
            return self._json(200, {"ok": True})
        if path in FILES:
            name, kind = FILES[path]
            return self._send(200, (STATIC / name).read_bytes(), kind)
        if path == "/api/issues":
            return self._json(200, [i.as_json() for i in tracker.matching(*self._filters())])
        if path == "/fragments/issues":
            return self._html(fragments.issue_list(tracker.matching(*self._filters())))
        if match := ISSUE.fullmatch(path) or EDIT.fullmatch(path):
            issue = tracker.find(int(match.group(1)))
            if issue is None:
                return self._json(404, {"errors": {"id": "No such issue."}})
            if match.re is EDIT:
                return self._html(fragments.edit_form(issue))
            return self._json(200, issue.as_json())
        self._json(404, {"errors": {"path": "Not found."}})

    def do_POST(self) -> None:
        if urlsplit(self.path).path != "/api/issues":
            return self._json(404, {"errors": {"path": "Not found."}})
        self._apply(lambda body: tracker.add(body), created=True)

    def do_PATCH(self) -> None:
        match = ISSUE.fullmatch(urlsplit(self.path).path)
        issue = tracker.find(int(match.group(1))) if match else None
        if issue is None:
            return self._json(404, {"errors": {"id": "No such issue."}})
        self._apply(lambda body: tracker.change(issue, body), created=False)

    def _apply(self, action, *, created: bool) -> None:
        try:
            issue = action(self._body())
        except ValueError:
            return self._json(400, {"errors": {"body": "The body is not JSON."}})
        except RuleBroken as exc:
            return self._json(422, {"errors": exc.errors})
        if created:
            return self._json(201, issue.as_json(), {"Location": f"/api/issues/{issue.id}"})
        self._json(200, issue.as_json())
