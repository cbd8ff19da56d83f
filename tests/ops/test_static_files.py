"""/static/ serves the pages' own assets and nothing else: no analyzer, rule or other source file of Assay."""

from __future__ import annotations

from pathlib import Path, PurePosixPath

import httpx
from django.contrib.staticfiles import finders

import assay
from tests.ops.serving import assay_serve

SOURCE = Path(assay.__file__).parent
ANALYZERS = SOURCE / "grading" / "analyzers"
PAGE_ASSETS = {".css", ".js", ".map", ".png", ".svg", ".ico", ".jpg", ".gif", ".webp", ".woff", ".woff2", ".ttf"}
# Third-party apps (the admin, the API docs) ship their vendored assets' licence notices beside them.
NOTICES = ("LICENSE", "README")


def _analyzer_files() -> list[str]:
    files = [p.relative_to(ANALYZERS).as_posix() for p in ANALYZERS.rglob("*") if p.is_file()]
    return [f for f in files if "__pycache__" not in f]


def test_the_served_app_answers_404_for_every_analyzer_file_and_200_for_page_assets(tmp_path: Path) -> None:
    analyzer_files = _analyzer_files()
    assert {"semgrep.py", "rules/sql_injection.yml"} <= set(analyzer_files)
    with assay_serve(tmp_path, "--no-demo", "--no-worker") as server:
        for name in analyzer_files:
            response = httpx.get(f"{server.url}/static/{name}")
            assert response.status_code == 404, f"/static/{name} is served ({response.status_code})"
        for asset in ("web/assay.css", "vendor/htmx.min.js"):
            response = httpx.get(f"{server.url}/static/{asset}")
            assert response.status_code == 200, f"/static/{asset} answered {response.status_code}"
            assert response.content


def test_every_file_the_static_finders_find_is_a_page_asset_in_a_static_folder() -> None:
    found = [
        (PurePosixPath(path), Path(storage.path(path)))
        for finder in finders.get_finders()
        for path, storage in finder.list([])
    ]
    assert any(path.as_posix() == "web/assay.css" for path, _ in found)
    for path, location in found:
        is_notice = path.name.upper().startswith(NOTICES) and SOURCE not in location.parents
        assert path.suffix in PAGE_ASSETS or is_notice, f"/static/{path} is not a page asset ({location})"
        static_folder = location.parents[len(path.parts) - 1]
        assert static_folder.name == "static", f"/static/{path} comes from {static_folder}, not a static/ folder"
