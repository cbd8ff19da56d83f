"""A leaked candidate link opened in a second browser: the interviewer sees two candidate connections and
removes one; the other stays in the room."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from websockets.exceptions import InvalidStatus

from tests.live.conftest import seed, signed_in, write_workspace
from tests.live.yclient import Participant
from tests.ops.serving import Server


def test_the_interviewer_sees_a_second_candidate_browser_and_removes_it(
    live: tuple[Server, dict[str, Any]], tmp_path: Path
) -> None:
    server, _ = live
    seeded = seed(server, server.log.parent, write_workspace(tmp_path / "files"))
    session = seeded["session"]
    candidate = Participant(server.url, session, seeded["candidate"])
    leaked = Participant(server.url, session, seeded["candidate"])
    interviewer = Participant(server.url, session, seeded["interviewer"])
    for participant in (candidate, leaked, interviewer):
        participant.until(lambda p=participant: "app.py" in p.files())
    owner = signed_in(server)
    listed = owner.get(f"/live/{session}/connections.json").json()["connections"]
    assert sorted(c["role"] for c in listed) == ["candidate", "candidate", "interviewer"]
    page = owner.get(f"/live/{session}/").text
    assert page.count("<li data-connection=") == 3

    second = max(c["id"] for c in listed if c["role"] == "candidate")  # the later one: the leaked link
    removed = owner.post(
        f"/live/{session}/connections/{second}/remove/", data={"csrfmiddlewaretoken": owner.cookies["csrftoken"]}
    )
    assert removed.status_code == 302
    assert leaked.closed_with() == 4403
    interviewer.type_into("app.py", "# still here\n")
    candidate.until(lambda: "# still here" in candidate.files()["app.py"])
    after = owner.get(f"/live/{session}/connections.json").json()["connections"]
    assert sorted(c["role"] for c in after) == ["candidate", "interviewer"]
    gone = owner.post(
        f"/live/{session}/connections/{second}/remove/", data={"csrfmiddlewaretoken": owner.cookies["csrftoken"]}
    )
    assert gone.status_code == 404


def test_a_signed_out_browser_cannot_list_the_connections(live: tuple[Server, dict[str, Any]]) -> None:
    server, seeded = live
    anonymous = signed_in(server)
    anonymous.cookies.clear()
    answer = anonymous.get(f"/live/{seeded['session']}/connections.json")
    assert answer.status_code == 302 and "/login/" in answer.headers["location"]


def test_the_server_log_never_carries_a_session_link_token(live: tuple[Server, dict[str, Any]], tmp_path: Path) -> None:
    server, _ = live
    seeded = seed(server, server.log.parent, write_workspace(tmp_path / "files"))
    candidate = Participant(server.url, seeded["session"], seeded["candidate"])
    candidate.until(lambda: "app.py" in candidate.files())
    with pytest.raises(InvalidStatus):  # a forged token is refused, and its line is redacted too
        Participant(server.url, seeded["session"], seeded["candidate"] + "x")

    log = server.log.read_text()
    assert f"/live/{seeded['session']}/socket?token=[redacted]" in log  # the connection is logged, its token is not
    assert seeded["candidate"] not in log
