"""The interviewer's side of a room: notes, the timer, the report and scorecard beside the code; none of it
reaches the candidate's page or socket."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tests.conftest import Team
from tests.live.conftest import Room, post_form, seed, signed_in, write_workspace
from tests.live.test_sessions import _start
from tests.live.yclient import Participant
from tests.ops.serving import Server

NOTE = "NOTE-7f3a: hesitant on transactions"


def test_notes_are_saved_for_the_team_and_never_on_the_candidates_page(team: Team, tmp_path: Path) -> None:
    session, link = _start(team, {"app.py": "print('hi')\n"}, tmp_path)
    saved = team.client("reviewer").post(f"/live/{session.pk}/notes/", {"notes": NOTE + " <b>bold</b>"})
    assert saved.status_code == 302
    room = team.client("admin").get(f"/live/{session.pk}/").content.decode()
    assert NOTE in room and "&lt;b&gt;bold&lt;/b&gt;" in room and "<b>bold</b>" not in room
    assert 'id="live-timer"' in room
    assert f'src="/submissions/{session.submission_id}/scorecard/"' in room
    assert f'id="live-report" title="The report of the submission" src="/submissions/{session.submission_id}/"' in room

    candidate_page = team.client("anonymous").get(link).content.decode()
    assert NOTE not in candidate_page and "live-notes" not in candidate_page and "live-timer" not in candidate_page
    assert "/scorecard/" not in candidate_page and f"/submissions/{session.submission_id}/" not in candidate_page


def test_the_report_and_scorecard_may_be_framed_by_the_room_only(team: Team, tmp_path: Path) -> None:
    session, _ = _start(team, {"app.py": "print('hi')\n"}, tmp_path)
    for path in (f"/submissions/{session.submission_id}/", f"/submissions/{session.submission_id}/scorecard/"):
        answer = team.client("reviewer").get(path)
        assert answer.status_code == 200 and answer["X-Frame-Options"] == "SAMEORIGIN"
    assert team.client("reviewer").get("/live/").headers["X-Frame-Options"] == "DENY"


def test_a_candidate_or_an_outsider_cannot_reach_the_notes_or_the_report(team: Team, tmp_path: Path) -> None:
    session, _ = _start(team, {"app.py": "print('hi')\n"}, tmp_path)
    team.client("reviewer").post(f"/live/{session.pk}/notes/", {"notes": NOTE})
    candidate = team.client("anonymous")
    for path in (f"/live/{session.pk}/", f"/submissions/{session.submission_id}/"):
        answer = candidate.get(path)
        assert answer.status_code == 302 and answer["Location"].startswith("/login/")
    written = candidate.post(f"/live/{session.pk}/notes/", {"notes": "overwritten"})
    assert written.status_code == 302 and written["Location"].startswith("/login/")

    outsider = team.client("outsider")
    assert outsider.get(f"/live/{session.pk}/").status_code == 404
    assert outsider.post(f"/live/{session.pk}/notes/", {"notes": "overwritten"}).status_code == 404
    session.refresh_from_db()
    assert session.notes == NOTE


def test_too_long_notes_are_refused_and_the_old_ones_kept(team: Team, tmp_path: Path) -> None:
    session, _ = _start(team, {}, tmp_path)
    team.client("reviewer").post(f"/live/{session.pk}/notes/", {"notes": NOTE})
    refused = team.client("reviewer").post(f"/live/{session.pk}/notes/", {"notes": "x" * 50_001})
    assert refused.status_code == 422 and b"limited to 50000 characters" in refused.content
    session.refresh_from_db()
    assert session.notes == NOTE


def test_the_candidates_socket_never_carries_the_notes(live: tuple[Server, dict[str, Any]]) -> None:
    server, seeded = live
    owner = signed_in(server)
    saved = owner.post(
        f"/live/{seeded['session']}/notes/",
        data={"notes": NOTE, "csrfmiddlewaretoken": owner.cookies["csrftoken"]},
        headers={"X-Requested-With": "fetch"},
    )
    assert saved.status_code == 200 and saved.json()["saved"]
    candidate = Participant(server.url, seeded["session"], seeded["candidate"])
    interviewer = Participant(server.url, seeded["session"], seeded["interviewer"])
    interviewer.until(lambda: "app.py" in interviewer.files())
    # A file of its own: the room is shared with other tests, which expect app.py as the workspace had it.
    interviewer.type_into("questions.md", "# asked about transactions\n")
    candidate.until(lambda: "# asked about transactions" in candidate.files().get("questions.md", ""))
    assert candidate.received and not any(NOTE.encode() in message for message in candidate.received)
    page = Room(server, seeded["candidate"])
    assert NOTE not in page.client.get(f"/live/join/{seeded['candidate']}/").text
    for participant in (candidate, interviewer):
        participant.close()


def test_after_the_session_the_final_files_are_compared_with_the_submitted_ones(
    live: tuple[Server, dict[str, Any]], tmp_path: Path
) -> None:
    server, _ = live
    seeded = seed(server, server.log.parent, write_workspace(tmp_path / "files"))
    candidate = Participant(server.url, seeded["session"], seeded["candidate"])
    candidate.until(lambda: "app.py" in candidate.files())
    candidate.type_into("app.py", "# <script>alert('diff')</script>\n")
    candidate.type_into("notes.md", "a new file\n")
    owner = signed_in(server)
    candidate.until(lambda: "notes.md" in candidate.files())
    candidate.pump(0.5)  # the room stores what arrived
    assert post_form(owner, f"/live/{seeded['session']}/end/").status_code == 302
    page = owner.get(f"/live/{seeded['session']}/changes/")
    assert page.status_code == 200
    assert "<script>alert('diff')</script>" not in page.text
    assert "+# &lt;script&gt;alert(&#x27;diff&#x27;)&lt;/script&gt;" in page.text
    assert 'notes.md <span class="muted">(added)</span>' in page.text
    assert "test_app.py" not in page.text  # unchanged files are left out
    assert signed_in(server).get(f"/live/{seeded['session'] + 10_000}/changes/").status_code == 404
