"""The reviewer's side in a real browser against the real server, on submissions graded by its own worker
with the real pipeline: a reviewer reads the report, follows a finding to its line, reads the diff and
comments; a viewer reads the comment but cannot comment; another organization's reviewer gets 404; and a
submission made of hostile content stays inert on every page that shows it."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.e2e.review_seed import HOSTILE as SEEDED
from tests.grading.conftest import sandbox_missing
from tests.ops.serving import ASSAY, Server, assay_serve, clean_env

pytestmark = pytest.mark.browser
ROOT = Path(__file__).parents[2]
TINY = ROOT / "tests" / "grading" / "fixtures" / "tiny-api"
JUNK = shutil.ignore_patterns("__pycache__", ".cache", ".semgrep")
HOSTILE = '<script>alert("x")</script><img src=x onerror=alert(1)>'
# What a page must not contain once a browser has parsed it: a script we did not write, a handler, a js: link.
FOREIGN = (
    "document.querySelectorAll('script:not([src]), [onerror], [onload], [onclick], [onmouseover],"
    ' a[href^="javascript:" i], iframe, object, embed\').length'
)


def _partial(dest: Path) -> Path:
    """The reference solution with one fault (201 answered as 200) and one lint finding (an undefined name)."""
    shutil.copytree(TINY / "solutions" / "python", dest, ignore=JUNK)
    app = dest / "app.py"
    app.write_text(
        app.read_text().replace("self._send(201, item)", "self._send(200, item)")
        + "\n\ndef legacy_lookup(item_id):\n    return ITEMS.get(item_id) or missing_default\n"
    )
    return dest


def _hostile(dest: Path) -> Path:
    """The starter, every part of it a candidate controls carrying markup and script."""
    shutil.copytree(TINY / "starters" / "python", dest, ignore=JUNK)
    app = dest / "app.py"
    app.write_text(app.read_text().replace("not implemented yet", HOSTILE) + f"\n# {HOSTILE}\n")
    (dest / "README.md").write_text(f"# Notes {HOSTILE}\n\n[click me](javascript:alert(5)) <b onclick=alert(6)>b</b>\n")
    (dest / '"><img src=x onerror=alert(3)>.py').write_text(f"print('{HOSTILE}')\n")
    toml = dest / "assay.toml"
    toml.write_text(toml.read_text().replace('test = ""', f"test = \"echo '{HOSTILE}'\""))
    return dest


@pytest.fixture(scope="module")
def review_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Server, dict]]:
    reason = sandbox_missing()
    if reason and os.environ.get("CI") != "true":
        pytest.skip(f"grading needs the sandbox: {reason}")
    tmp = tmp_path_factory.mktemp("review")
    library = tmp / "library"
    shutil.copytree(TINY, library / "tiny-api", ignore=JUNK)
    # A longer wait for readiness: loading the library on first start is slow on a busy machine.
    with assay_serve(tmp / "var", ready_timeout=120, ASSAY_LIBRARY_DIR=str(library)) as server:
        folders = f"{str(_partial(tmp / 'partial'))!r}, {str(_hostile(tmp / 'hostile'))!r}"
        code = f"from tests.e2e.review_seed import seed; seed({folders})"
        env = clean_env(tmp / "var", ASSAY_LIBRARY_DIR=str(library), PYTHONPATH=str(ROOT))
        done = subprocess.run(
            [ASSAY, "shell", "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
        )
        assert done.returncode == 0, done.stderr[-3000:]
        seeded = json.loads(done.stdout.strip().splitlines()[-1])
        yield server, seeded


def _sign_in(page: object, server: Server, email: str, password: str) -> None:
    page.goto(f"{server.url}/login/")  # type: ignore[attr-defined]
    page.get_by_label("Email").fill(email)  # type: ignore[attr-defined]
    page.get_by_label("Password").fill(password)  # type: ignore[attr-defined]
    page.get_by_role("button", name="Sign in").click()  # type: ignore[attr-defined]
    page.wait_for_url(f"{server.url}/")  # type: ignore[attr-defined]


def _wait_graded(page: object, server: Server, submission_id: int) -> None:
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline:
        page.goto(f"{server.url}/submissions/{submission_id}/")  # type: ignore[attr-defined]
        if page.get_by_text("Checks by skill").count():  # type: ignore[attr-defined]
            return
        time.sleep(2)
    raise AssertionError(f"submission {submission_id} was never graded:\n{server.output()[-3000:]}")


def test_a_reviewer_reads_the_report_follows_a_finding_and_comments_a_viewer_reads_and_an_outsider_gets_404(
    browser: object, review_server: tuple[Server, dict]
) -> None:
    server, seeded = review_server
    submission, password = seeded["graded"], seeded["password"]
    reviewer = browser.new_context().new_page()  # type: ignore[attr-defined]
    reviewer.set_default_timeout(15_000)
    _sign_in(reviewer, server, seeded["emails"]["reviewer"], password)
    _wait_graded(reviewer, server, submission)

    chart = reviewer.get_by_role("img", name="Score per skill")
    assert chart.count() == 1
    assert reviewer.get_by_role("cell", name="API design").count() == 1
    failing = reviewer.locator("li", has_text="Creating an item answers 201 with the item").first
    assert "POST /items" in failing.inner_text() and "200" in failing.inner_text()

    reviewer.get_by_role("link", name=re.compile(r"app\.py:\d+")).first.click()
    reviewer.wait_for_url(re.compile(r"/file/\?path=app\.py#L\d+$"))
    line = int(reviewer.url.rsplit("#L", 1)[1])
    assert "missing_default" in reviewer.locator(f"#L{line}").inner_text()

    reviewer.get_by_role("link", name="Code (changes from the starter)").click()
    diff = reviewer.get_by_role("region", name="app.py", exact=True)
    assert "+" in diff.inner_text() and "missing_default" in diff.inner_text()
    diff.get_by_role("link", name="app.py", exact=True).click()
    reviewer.locator(f"#L{line} a").click()
    reviewer.get_by_label(f"Comment on line {line}").fill("Where does missing_default come from?")
    reviewer.get_by_role("button", name="Add comment").click()
    comment = reviewer.locator("[id^=comment-]").filter(has_text="Where does missing_default come from?")
    comment.wait_for()
    comment_id = int((comment.get_attribute("id") or "").removeprefix("comment-"))

    viewer = browser.new_context().new_page()  # type: ignore[attr-defined]
    _sign_in(viewer, server, seeded["emails"]["viewer"], password)
    viewer.goto(f"{server.url}/comments/{comment_id}/")
    assert viewer.get_by_text("Where does missing_default come from?").count() == 1
    viewer.goto(f"{server.url}/submissions/{submission}/file/?path=app.py&line={line}#L{line}")
    assert viewer.get_by_role("button", name="Add comment").count() == 0
    assert viewer.get_by_role("button", name="Reply").count() == 0

    outsider = browser.new_context()  # type: ignore[attr-defined]
    outsider_page = outsider.new_page()
    _sign_in(outsider_page, server, seeded["emails"]["outsider"], password)
    for path in (
        f"/submissions/{submission}/",
        f"/submissions/{submission}/file/?path=app.py",
        f"/comments/{comment_id}/",
    ):
        response = outsider_page.goto(server.url + path)
        assert response is not None and response.status == 404, path
        assert "missing_default" not in outsider_page.content()
    assert httpx.get(f"{server.url}/submissions/{submission}/").status_code == 302


def test_a_submission_made_of_script_and_markup_stays_inert_on_every_page(
    browser: object, review_server: tuple[Server, dict]
) -> None:
    server, seeded = review_server
    submission = seeded["inert"]
    context = browser.new_context()  # type: ignore[attr-defined]
    page = context.new_page()
    page.set_default_timeout(15_000)
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    _sign_in(page, server, seeded["emails"]["reviewer"], seeded["password"])
    _wait_graded(page, server, submission)
    hostile_name = '"><img src=x onerror=alert(3)>.py'
    pages = [
        f"/submissions/{submission}/",
        f"/submissions/{submission}/code/",
        f"/submissions/{submission}/file/?path=app.py",
        f"/submissions/{submission}/file/?path=README.md",
        f"/submissions/{submission}/file/?path={httpx.QueryParams({'p': hostile_name})['p']}",
    ]
    for path in pages:
        page.goto(server.url + path)
        page.wait_for_load_state("load")
        assert page.evaluate(FOREIGN) == 0, f"{path} has markup a candidate wrote"
        assert "alert(" in page.content(), f"{path} should show the hostile text, escaped"
    report = page.goto(f"{server.url}/submissions/{submission}/")
    assert report is not None
    text = page.locator("main").inner_text()
    assert SEEDED in text, "the candidate's name is shown as text"
    assert f"Fix {SEEDED} [x](javascript:alert(2))" in text, "so is the commit message"
    page.goto(f"{server.url}/submissions/{submission}/code/")
    assert page.get_by_role("link", name="click me").count() == 0, "a javascript: link is never a link"
    assert dialogs == []
