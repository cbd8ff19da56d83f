"""The room's WebSocket against a real server: two participants edit one document, a restart loses
nothing, and bad input closes only the connection that sent it."""

from __future__ import annotations

import threading
from typing import Any

import pytest
from websockets.exceptions import InvalidStatus

from tests.live.conftest import WORKSPACE, seed, write_workspace
from tests.live.yclient import Participant
from tests.ops.serving import Server, assay_serve

Live = tuple[Server, dict[str, Any]]


def _joined(server: Server, session: int, token: str) -> Participant:
    participant = Participant(server.url, session, token)
    participant.until(lambda: "app.py" in participant.files())
    return participant


def test_two_participants_see_each_others_edits_and_new_files(live: Live) -> None:
    server, seeded = live
    interviewer = _joined(server, seeded["session"], seeded["interviewer"])
    candidate = _joined(server, seeded["session"], seeded["candidate"])
    assert interviewer.files()["app.py"] == WORKSPACE["app.py"]
    assert "logo.png" not in interviewer.files()  # binary files stay out of the editor

    interviewer.type_into("app.py", "# why f-strings?\n")
    candidate.until(lambda: candidate.files()["app.py"].endswith("# why f-strings?\n"))
    candidate.type_into("notes.md", "They read well.")
    interviewer.until(lambda: interviewer.files().get("notes.md") == "They read well.")
    interviewer.close()
    candidate.close()


def test_two_first_connections_at_the_same_instant_both_end_up_in_sync(live: Live) -> None:
    server, seeded = live
    joined: list[Participant] = []
    start = threading.Barrier(2)

    def join(token: str) -> None:
        start.wait()
        joined.append(Participant(server.url, seeded["other"], token))

    tokens = (seeded["other_candidate"], seeded["other_interviewer"])
    threads = [threading.Thread(target=join, args=(token,)) for token in tokens]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    first, second = joined
    for participant in joined:
        participant.until(lambda p=participant: "app.py" in p.files())
    first.type_into("app.py", "# one\n")
    second.type_into("app.py", "# two\n")
    for participant in joined:
        participant.until(lambda p=participant: "# one\n" in p.files()["app.py"] and "# two\n" in p.files()["app.py"])
    assert first.files() == second.files()
    assert first.files()["app.py"].startswith(WORKSPACE["app.py"])  # the workspace was not seeded twice


@pytest.mark.parametrize("origin", ["http://evil.example", "null"])
def test_a_socket_from_another_origin_is_refused(live: Live, origin: str) -> None:
    server, seeded = live
    with pytest.raises(InvalidStatus):
        Participant(server.url, seeded["session"], seeded["candidate"], origin=origin)


def test_a_token_for_another_room_an_expired_link_or_no_token_is_refused(live: Live) -> None:
    server, seeded = live
    for session, token in [
        (seeded["session"], seeded["other_candidate"]),
        (seeded["expired"], seeded["expired_candidate"]),
        (seeded["session"], ""),
        (seeded["session"], seeded["candidate"] + "x"),
    ]:
        with pytest.raises(InvalidStatus):
            Participant(server.url, session, token)


@pytest.mark.parametrize(
    ("message", "code"),
    [(b"\x00\x02" + b"\xff" * (2 * 1024 * 1024), 4413), (b"\x07not yjs", 4400), (b"\x00\x02\x05\x01\x02", 4400)],
    ids=["oversized", "unknown type", "broken update"],
)
def test_a_bad_message_closes_that_connection_only(live: Live, message: bytes, code: int) -> None:
    server, seeded = live
    candidate = _joined(server, seeded["session"], seeded["candidate"])
    intruder = _joined(server, seeded["session"], seeded["interviewer"])
    intruder.socket.send(message)
    assert intruder.closed_with() == code
    candidate.type_into("after.txt", "still here")
    interviewer = _joined(server, seeded["session"], seeded["interviewer"])
    interviewer.until(lambda: interviewer.files().get("after.txt", "").startswith("still here"))
    candidate.close()
    interviewer.close()


def test_a_server_restart_in_the_middle_loses_nothing_typed(tmp_path: Any) -> None:
    var = tmp_path / "var"
    with assay_serve(var) as server:
        seeded = seed(server, var, write_workspace(tmp_path / "files"))
        candidate = _joined(server, seeded["session"], seeded["candidate"])
        for word in ("first ", "second ", "third"):
            candidate.type_into("answer.txt", word)
        interviewer = _joined(server, seeded["session"], seeded["interviewer"])
        interviewer.until(lambda: interviewer.files().get("answer.txt") == "first second third")
    with assay_serve(var) as restarted:
        back = _joined(restarted, seeded["session"], seeded["candidate"])
        assert back.files()["answer.txt"] == "first second third"
        assert back.files()["app.py"] == WORKSPACE["app.py"]
