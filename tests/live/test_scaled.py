"""Two web processes with REDIS_URL set: the channels-redis layer carries a room between them."""

from __future__ import annotations

from pathlib import Path

from tests.live.conftest import WORKSPACE, seed, write_workspace
from tests.live.yclient import Participant
from tests.ops.serving import assay_serve
from tests.ops.test_tasks import redis_url  # noqa: F401 - the fixture: a real Redis or a skip (a failure in CI)


def test_participants_on_two_processes_edit_one_document(tmp_path: Path, redis_url: str) -> None:  # noqa: F811
    var = tmp_path / "var"  # one database for both processes, as behind a proxy
    with assay_serve(var, REDIS_URL=redis_url) as first:
        seeded = seed(first, var, write_workspace(tmp_path / "files"))
        with assay_serve(var, REDIS_URL=redis_url) as second:
            interviewer = Participant(first.url, seeded["session"], seeded["interviewer"])
            candidate = Participant(second.url, seeded["session"], seeded["candidate"])
            for participant in (interviewer, candidate):
                participant.until(lambda p=participant: p.files().get("app.py") == WORKSPACE["app.py"])
            interviewer.type_into("app.py", "# from process one\n")
            candidate.until(lambda: "# from process one" in candidate.files()["app.py"])
            candidate.type_into("notes.md", "from process two")
            interviewer.until(lambda: interviewer.files().get("notes.md") == "from process two")
            late = Participant(second.url, seeded["session"], seeded["interviewer"])
            late.until(lambda: late.files() == interviewer.files())
