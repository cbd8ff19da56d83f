"""Starting a live session from a report, the candidate's link, and what the workspace leaves out."""

from __future__ import annotations

import re
from datetime import timedelta
from pathlib import Path

from django.utils import timezone

from assay.live.documents import MAX_FILES, files_of, rebuild
from assay.live.models import LiveSession, LiveUpdate
from tests.conftest import Team
from tests.reviews.conftest import make_submission

HOSTILE = '<script>alert("name")</script>'


def _start(team: Team, files: dict[str, str | bytes], tmp: Path) -> tuple[LiveSession, str]:
    submission = make_submission(team.organization, files, tmp)
    response = team.client("reviewer").post(f"/submissions/{submission.pk}/live/")
    assert response.status_code == 302
    session = LiveSession.objects.get(submission=submission)
    assert response["Location"] == f"/live/{session.pk}/"
    room = team.client("reviewer").get(response["Location"]).content.decode()
    link = re.search(r'id="candidate-link" type="text" readonly value="http://testserver(/live/join/[^"]+)"', room)
    assert link, room
    return session, link.group(1)


def test_the_candidate_joins_by_the_link_into_the_submitted_files(team: Team, tmp_path: Path) -> None:
    LiveSession.objects.all().delete()
    session, link = _start(team, {"app.py": "print('submitted')\n", "logo.png": b"\x89PNG\0\0"}, tmp_path)
    stored = files_of(rebuild(bytes(u.data) for u in LiveUpdate.objects.filter(session=session)))
    assert stored["app.py"] == "print('submitted')\n"
    assert "logo.png" not in stored
    assert session.skipped_files == ["logo.png: binary"]

    page = team.client("anonymous").get(link)
    assert page.status_code == 200
    assert b'"role": "candidate"' in page.content
    assert b"End the session" not in page.content  # the interviewer's controls stay on the interviewer's page


def test_the_candidates_name_is_escaped_on_the_page(team: Team, tmp_path: Path) -> None:
    session, link = _start(team, {}, tmp_path)
    LiveSession.objects.filter(pk=session.pk).update(candidate_name=HOSTILE, title=HOSTILE)
    page = team.client("anonymous").get(link).content.decode()
    assert HOSTILE not in page
    assert "&lt;script&gt;" in page and "\\u003Cscript\\u003E" in page


def test_an_expired_or_ended_link_says_so(team: Team, tmp_path: Path) -> None:
    session, link = _start(team, {}, tmp_path)
    LiveSession.objects.filter(pk=session.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    expired = team.client("anonymous").get(link)
    assert expired.status_code == 404 and b"not valid any more" in expired.content

    session, link = _start(team, {}, tmp_path)
    assert team.client("reviewer").post(f"/live/{session.pk}/end/").status_code == 302
    ended = team.client("anonymous").get(link)
    assert ended.status_code == 404 and b"not valid any more" in ended.content


def test_a_huge_file_and_a_ten_thousand_file_repository_are_trimmed_not_refused(team: Team, tmp_path: Path) -> None:
    files: dict[str, str | bytes] = {f"data/{n:05}.txt": f"{n}\n" for n in range(10_000)}
    files["dump.sql"] = "x" * (20 * 1024 * 1024)
    session, _ = _start(team, files, tmp_path)
    stored = files_of(rebuild(bytes(u.data) for u in LiveUpdate.objects.filter(session=session)))
    assert len(stored) == MAX_FILES
    assert "dump.sql" not in stored
    large, beyond = session.skipped_files
    assert large == "dump.sql: larger than 512 KB"
    assert re.fullmatch(r"8\d\d\d more files past the first 2000", beyond)  # 10,000 and the starter's own
    page = team.client("reviewer").get(f"/live/{session.pk}/").content.decode()
    assert f"{len(session.skipped_files)} files left out of the workspace" in page


def test_an_idle_session_is_closed_by_housekeeping_and_its_recording_kept(team: Team, tmp_path: Path) -> None:
    from assay.live.services import close_idle
    from assay.ops.housekeeping import JOBS

    assert "assay.live.services.close_idle" in JOBS
    idle, idle_link = _start(team, {"app.py": "print('idle')\n"}, tmp_path)
    busy, busy_link = _start(team, {"app.py": "print('busy')\n"}, tmp_path / "busy")
    LiveSession.objects.filter(pk=idle.pk).update(last_activity_at=timezone.now() - timedelta(minutes=61))
    LiveSession.objects.filter(pk=busy.pk).update(last_activity_at=timezone.now() - timedelta(minutes=59))
    assert close_idle() == [idle.pk]
    gone = team.client("anonymous").get(idle_link)
    assert gone.status_code == 404 and b"not valid any more" in gone.content
    assert team.client("anonymous").get(busy_link).status_code == 200
    assert LiveUpdate.objects.filter(session=idle).exists()
    assert team.client("reviewer").get(f"/live/{idle.pk}/playback/").status_code == 200
