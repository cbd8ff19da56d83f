"""Runs in a live session reach both participants; flooding output is cut; ending the session closes the room."""

from __future__ import annotations

import base64
import time
from typing import Any

import pytest
from pycrdt import Map
from websockets.exceptions import InvalidStatus

from assay.live.documents import rebuild
from tests.grading.conftest import require_sandbox
from tests.live.conftest import Room, post_form, seed, signed_in, write_workspace
from tests.live.yclient import Participant
from tests.ops.serving import Server

Live = tuple[Server, dict[str, Any]]


def _finished(participant: Participant, number: str) -> bool:
    run = participant.runs().get(number)
    return run is not None and run["state"] != "running"


@pytest.mark.sandbox
def test_a_run_streams_its_output_to_both_participants_and_flooding_is_cut(live: Live) -> None:
    require_sandbox()
    server, seeded = live
    room = Room(server, seeded["candidate"])
    interviewer = Participant(server.url, seeded["session"], seeded["interviewer"])
    candidate = Participant(server.url, seeded["session"], seeded["candidate"])
    interviewer.until(lambda: "app.py" in interviewer.files())
    before = len(interviewer.runs())
    number = str(before + 1)

    started = room.run(kind="tests")
    assert started.status_code == 202, started.text
    assert started.json()["command"] == "python3 test_app.py"
    assert room.run(command="echo again").status_code == 409  # one run at a time
    for participant in (interviewer, candidate):
        participant.until(lambda p=participant: _finished(p, number), timeout=90)
        assert "candidate tests passed" in participant.runs()[number]["output"]
        assert participant.runs()[number]["state"] == "finished"

    flood = str(before + 2)
    assert room.run(command="yes 'all work and no play' | head -c 5000000").status_code == 202
    interviewer.until(lambda: _finished(interviewer, flood), timeout=90)
    assert interviewer.runs()[flood]["state"] == "cut"
    assert len(interviewer.runs()[flood]["output"]) == 64 * 1024
    assert room.run(command="   ").status_code == 422


def test_ending_the_session_closes_the_room_and_its_links_and_keeps_the_recording(live: Live, tmp_path: Any) -> None:
    server, _ = live
    var = server.log.parent
    seeded = seed(server, var, write_workspace(tmp_path / "files"))
    candidate = Participant(server.url, seeded["session"], seeded["candidate"])
    candidate.until(lambda: "app.py" in candidate.files())
    candidate.type_into("app.py", "# last words\n")
    owner = signed_in(server)
    candidate.until(lambda: "# last words" in candidate.files()["app.py"])

    ended = post_form(owner, f"/live/{seeded['session']}/end/")
    assert ended.status_code == 302 and ended.headers["location"].endswith("/playback/")
    assert candidate.closed_with() == 4410
    with pytest.raises(InvalidStatus):
        Participant(server.url, seeded["session"], seeded["candidate"])
    assert owner.get(f"/live/join/{seeded['candidate']}/").status_code == 404
    recording = owner.get(f"/live/{seeded['session']}/recording.json").json()
    assert len(recording["updates"]) >= 2  # the workspace, then what the candidate typed


def test_a_new_link_disconnects_whoever_holds_the_old_one(live: Live, tmp_path: Any) -> None:
    server, _ = live
    seeded = seed(server, server.log.parent, write_workspace(tmp_path / "files"))
    leaked = Participant(server.url, seeded["session"], seeded["candidate"])
    leaked.until(lambda: "app.py" in leaked.files())
    owner = signed_in(server)
    interviewer = Participant(server.url, seeded["session"], seeded["interviewer"])
    interviewer.until(lambda: "app.py" in interviewer.files())
    assert post_form(owner, f"/live/{seeded['session']}/new-link/").status_code == 302
    assert leaked.closed_with() == 4403
    interviewer.type_into("app.py", "# the interviewer stays\n")  # their connection is untouched
    interviewer.pump(0.5)
    with pytest.raises(InvalidStatus):
        Participant(server.url, seeded["session"], seeded["candidate"])
    page = owner.get(f"/live/{seeded['session']}/")
    assert page.status_code == 200 and seeded["candidate"] not in page.text


@pytest.mark.sandbox
def test_ending_the_session_stops_a_running_command(live: Live, tmp_path: Any) -> None:
    require_sandbox()
    server, _ = live
    seeded = seed(server, server.log.parent, write_workspace(tmp_path / "files"))
    room = Room(server, seeded["candidate"])
    candidate = Participant(server.url, seeded["session"], seeded["candidate"])
    assert room.run(command="echo started; sleep 600; echo never").status_code == 202
    candidate.until(lambda: "started" in candidate.runs().get("1", {}).get("output", ""), timeout=60)
    owner = signed_in(server)
    assert post_form(owner, f"/live/{seeded['session']}/end/").status_code == 302
    assert candidate.closed_with() == 4410

    def final_run() -> Any:
        recording = owner.get(f"/live/{seeded['session']}/recording.json").json()
        doc = rebuild(base64.b64decode(u["update"]) for u in recording["updates"])
        return doc.get("runs", type=Map)["1"]

    deadline = time.monotonic() + 60  # the run's own limit is 120 s: still running then means never stopped
    while final_run()["state"] == "running":
        assert time.monotonic() < deadline, "the run kept going after the session ended"
        time.sleep(0.5)
    assert final_run()["note"] == "Stopped: the session ended."
    assert "never" not in str(final_run()["output"])
