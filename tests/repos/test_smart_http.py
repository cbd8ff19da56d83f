"""The smart-HTTP endpoint, driven by the real git CLI against a real server."""

from __future__ import annotations

import gzip
import os
import subprocess
import threading
from pathlib import Path

import httpx
import pytest

from assay.repos import services
from assay.repos.models import Repository
from assay.repos.signals import repository_pushed
from tests.repos.conftest import STARTER_FILES, Git, fsck

MB = 1024 * 1024


def clone(git: Git, repository: Repository, url: str, dest: Path, *args: str) -> Path:
    git("clone", "-q", *args, services.authenticated_clone_url(repository, url), str(dest))
    return dest


def test_clone_shows_the_starter_committed_by_assay(
    git: Git, repository: Repository, server_url: str, tmp_path: Path
) -> None:
    work = clone(git, repository, server_url, tmp_path / "work")

    log = git("log", "--format=%an <%ae>|%cn <%ce>|%s", cwd=work).stdout.splitlines()
    assert log == ["Assay <assay@localhost>|Assay <assay@localhost>|Start the assessment"]
    assert git("rev-parse", "--abbrev-ref", "HEAD", cwd=work).stdout.strip() == "main"
    assert (work / "README.md").read_text() == STARTER_FILES["README.md"]
    assert (work / "tests/test_app.py").exists()


def test_push_then_fetch(git: Git, repository: Repository, server_url: str, tmp_path: Path) -> None:
    pushed: list[str] = []

    def listener(sender: object, repository: Repository, commit: str, **kwargs: object) -> None:
        pushed.append(commit)

    repository_pushed.connect(listener)
    try:
        mine = clone(git, repository, server_url, tmp_path / "mine")
        other = clone(git, repository, server_url, tmp_path / "other")
        commit = git.commit_file(mine, "app.py", b"print('bookings')\n", "Serve bookings")
        git("push", "-q", "origin", "main", cwd=mine)
        git("pull", "-q", "--ff-only", cwd=other)
    finally:
        repository_pushed.disconnect(listener)

    assert (other / "app.py").read_text() == "print('bookings')\n"
    assert services.head_commit(repository) == commit
    assert pushed == [commit]
    repository.refresh_from_db()
    assert repository.last_push_at is not None
    fsck(repository)


def test_shallow_clone_has_only_the_last_commit(
    git: Git, repository: Repository, asgi_url: str, tmp_path: Path
) -> None:
    work = clone(git, repository, asgi_url, tmp_path / "work")
    for n in range(3):
        git.commit_file(work, f"step{n}.txt", b"x", f"step {n}")
    git("push", "-q", "origin", "main", cwd=work)

    shallow = clone(git, repository, asgi_url, tmp_path / "shallow", "--depth", "1")

    assert git("rev-list", "--count", "HEAD", cwd=shallow).stdout.strip() == "1"
    assert (shallow / "step2.txt").exists()
    assert git("rev-parse", "--is-shallow-repository", cwd=shallow).stdout.strip() == "true"


@pytest.mark.parametrize("encoding", ["identity", "gzip"])
def test_an_upload_pack_request_is_understood_plain_and_gzipped(
    repository: Repository, asgi_url: str, encoding: str
) -> None:
    """git gzips an upload-pack request over 1 kB; http-backend must get its Content-Encoding to inflate it."""
    head = services.head_commit(repository)
    body = f"0032want {head}\n".encode() + b"00000009done\n"
    headers = {"Content-Type": "application/x-git-upload-pack-request"}
    if encoding == "gzip":
        body, headers["Content-Encoding"] = gzip.compress(body), "gzip"

    response = httpx.post(
        f"{services.clone_url(repository, asgi_url)}/git-upload-pack",
        content=body,
        headers=headers,
        auth=services.credentials(repository),
    )

    assert response.status_code == 200
    assert response.headers["Content-Type"] == "application/x-git-upload-pack-result"
    assert response.content.startswith(b"0008NAK\nPACK")


def test_a_wrong_password_is_an_authentication_failure(
    git: Git, repository: Repository, asgi_url: str, tmp_path: Path
) -> None:
    url = services.authenticated_clone_url(repository, asgi_url)
    _, password = services.credentials(repository)

    result = git("clone", url.replace(password, "not-the-password"), str(tmp_path / "x"), check=False)

    assert result.returncode != 0
    assert "Authentication failed" in result.stderr


def test_credentials_of_one_repository_do_not_open_another(
    git: Git, repository: Repository, starter: Path, asgi_url: str, tmp_path: Path
) -> None:
    other = services.create_repository(repository.organization, name="Someone else", starter=starter)
    _, password = services.credentials(repository)
    foreign = f"{asgi_url.replace('://', f'://candidate:{password}@')}/git/{other.public_id}.git"

    result = git("clone", foreign, str(tmp_path / "x"), check=False)

    assert result.returncode != 0
    assert "Authentication failed" in result.stderr
    assert not (tmp_path / "x").exists()


def test_an_unknown_repository_and_a_wrong_password_get_the_same_answer(repository: Repository, asgi_url: str) -> None:
    username, password = services.credentials(repository)
    unknown = httpx.get(
        f"{asgi_url}/git/00000000-0000-4000-8000-000000000000.git/info/refs?service=git-upload-pack",
        auth=(username, password),
    )
    wrong = httpx.get(
        f"{services.clone_url(repository, asgi_url)}/info/refs?service=git-upload-pack", auth=(username, "nope")
    )
    anonymous = httpx.get(f"{services.clone_url(repository, asgi_url)}/info/refs?service=git-upload-pack")

    for response in (unknown, wrong, anonymous):
        assert response.status_code == 401
        assert response.headers["WWW-Authenticate"] == 'Basic realm="Assay"'
        assert response.text == unknown.text


def test_a_closed_repository_refuses_a_push_with_its_message(
    git: Git, repository: Repository, server_url: str, tmp_path: Path
) -> None:
    work = clone(git, repository, server_url, tmp_path / "work")
    head = services.head_commit(repository)
    services.set_write_policy(repository, open=False, message="The deadline passed on 3 March; your work is saved.")
    git.commit_file(work, "late.txt", b"late", "too late")

    push = git("push", "origin", "main", cwd=work, check=False)

    assert push.returncode != 0
    assert "Assay: The deadline passed on 3 March; your work is saved." in push.stderr
    assert services.head_commit(repository) == head

    services.set_write_policy(repository, open=True)
    git("push", "-q", "origin", "main", cwd=work)
    assert services.head_commit(repository) != head


def test_only_main_is_accepted(git: Git, repository: Repository, asgi_url: str, tmp_path: Path) -> None:
    work = clone(git, repository, asgi_url, tmp_path / "work")
    git.commit_file(work, "x.txt", b"x")

    push = git("push", "origin", "HEAD:refs/heads/feature", cwd=work, check=False)
    delete = git("push", "origin", ":main", cwd=work, check=False)

    assert push.returncode != 0
    assert "Assay: only the main branch is kept" in push.stderr
    assert delete.returncode != 0
    assert git("ls-remote", "origin", cwd=work).stdout.count("refs/heads/") == 1


def test_a_file_over_the_limit_is_refused_by_name(
    git: Git, repository: Repository, asgi_url: str, tmp_path: Path
) -> None:
    Repository.objects.filter(pk=repository.pk).update(max_file_bytes=1 * MB)
    work = clone(git, repository, asgi_url, tmp_path / "work")
    head = services.head_commit(repository)
    git.commit_file(work, "data/dump.bin", os.urandom(2 * MB), "add a dump")
    git.commit_file(work, "data/dump.bin", b"gone again", "remove the dump")  # still in the history

    push = git("push", "origin", "main", cwd=work, check=False)

    assert push.returncode != 0
    assert "Assay: data/dump.bin is 2.0 MB; files over 1.0 MB are refused." in push.stderr
    assert services.head_commit(repository) == head
    fsck(repository)


def _push_random(git: Git, work: Path, megabytes: int) -> subprocess.CompletedProcess[str]:
    for n in range(0, megabytes, 50):
        (work / f"blob{n}.bin").write_bytes(os.urandom(min(50, megabytes - n) * MB))
    git("-c", "core.looseCompression=0", "add", ".", cwd=work)
    git("commit", "-q", "-m", "a lot of data", cwd=work)
    # No delta search among random blobs: that would be the client's time, not the server's.
    return git(
        "-c", "core.bigFileThreshold=1m", "-c", "pack.compression=0", "push", "origin", "main", cwd=work, check=False
    )


@pytest.mark.parametrize(("limit_mb", "push_mb"), [(5, 20), (50, 200)], ids=["20 MB over 5 MB", "200 MB over 50 MB"])
def test_a_push_over_the_size_limit_is_refused_and_harms_nothing(
    git: Git, repository: Repository, asgi_url: str, tmp_path: Path, limit_mb: int, push_mb: int
) -> None:
    Repository.objects.filter(pk=repository.pk).update(max_push_bytes=limit_mb * MB, max_file_bytes=100 * MB)
    work = clone(git, repository, asgi_url, tmp_path / "work")
    head = services.head_commit(repository)

    push = _push_random(git, work, push_mb)

    assert push.returncode != 0
    assert "pack exceeds maximum allowed size" in push.stderr
    assert services.head_commit(repository) == head
    fsck(repository)
    again = clone(git, repository, asgi_url, tmp_path / "again")
    assert git("rev-parse", "HEAD", cwd=again).stdout.strip() == head


def test_two_pushes_at_once_leave_one_winner_and_a_sound_repository(
    git: Git, repository: Repository, asgi_url: str, tmp_path: Path
) -> None:
    clones = [clone(git, repository, asgi_url, tmp_path / f"clone{n}") for n in range(2)]
    commits = [git.commit_file(work, f"file{n}.bin", os.urandom(2 * MB), f"push {n}") for n, work in enumerate(clones)]
    results: dict[int, int] = {}
    start = threading.Barrier(2)

    def push(n: int) -> None:
        start.wait()
        results[n] = git("push", "-q", "origin", "main", cwd=clones[n], check=False).returncode

    threads = [threading.Thread(target=push, args=(n,)) for n in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    # Both started from the same main: whichever updated it first wins, the other must be refused (its old
    # value of main is stale), never silently replacing the winner's work.
    winners = [n for n, code in sorted(results.items()) if code == 0]
    assert len(winners) == 1, results
    (winner,) = winners
    loser = 1 - winner
    assert services.head_commit(repository) == commits[winner]
    history = git("log", "--format=%H", "main", cwd=services.git_dir(repository)).stdout.split()
    assert commits[loser] not in history
    fsck(repository)


def test_a_push_that_does_not_come_through_assay_is_refused(git: Git, repository: Repository, tmp_path: Path) -> None:
    """The bare repository on disk carries no policy: without the one Assay hands over, the hook refuses."""
    work = tmp_path / "work"
    git("clone", "-q", str(services.git_dir(repository)), str(work))
    git.commit_file(work, "x.txt", b"x")

    push = git("push", "origin", "main", cwd=work, check=False)

    assert push.returncode != 0
    assert "Assay: This repository does not accept pushes." in push.stderr
