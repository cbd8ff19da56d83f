"""The repository services: creation, credentials, snapshots, and uploading an archive instead of pushing."""

from __future__ import annotations

import io
import stat
import subprocess
import tarfile
import zipfile
from pathlib import Path

import pytest

from assay.errors import Conflict, InvalidInput, NotFound
from assay.repos import services
from assay.repos.models import Repository
from tests.repos.conftest import STARTER_FILES, fsck

MB = 1024 * 1024


def show(repository: Repository, *args: str) -> str:
    command = ["git", "--git-dir", str(services.git_dir(repository)), *args]
    return subprocess.run(command, capture_output=True, text=True, check=True).stdout


def files_at(commit_archive: bytes) -> dict[str, bytes]:
    with tarfile.open(fileobj=io.BytesIO(commit_archive), mode="r:gz") as archive:
        return {m.name: archive.extractfile(m).read() for m in archive.getmembers() if m.isfile()}  # type: ignore[union-attr]


def a_zip(entries: dict[str, bytes], *, links: dict[str, str] | None = None, mode: int = 0o644) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in entries.items():
            info = zipfile.ZipInfo(name)
            info.external_attr = (stat.S_IFREG | mode) << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, content)
        for name, target in (links or {}).items():
            info = zipfile.ZipInfo(name)
            info.external_attr = (stat.S_IFLNK | 0o777) << 16
            archive.writestr(info, target)
    return buffer.getvalue()


def a_tar(entries: dict[str, bytes], *, links: dict[str, str] | None = None, special: str = "") -> bytes:
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:gz") as archive:
        for name, content in entries.items():
            info = tarfile.TarInfo(name)
            info.size = len(content)
            archive.addfile(info, io.BytesIO(content))
        for name, target in (links or {}).items():
            info = tarfile.TarInfo(name)
            info.type, info.linkname = tarfile.SYMTYPE, target
            archive.addfile(info)
        if special:
            info = tarfile.TarInfo(special)
            info.type = tarfile.CHRTYPE
            archive.addfile(info)
    return buffer.getvalue()


# Creating ---------------------------------------------------------------------------------------


def test_a_new_repository_holds_the_starter_committed_by_assay(repository: Repository) -> None:
    head = services.head_commit(repository)

    assert head is not None
    assert show(repository, "log", "--format=%an <%ae>|%cn <%ce>|%s", "main").splitlines() == [
        "Assay <assay@localhost>|Assay <assay@localhost>|Start the assessment"
    ]
    assert files_at(services.snapshot(repository, head)) == {k: v.encode() for k, v in STARTER_FILES.items()}
    assert repository.path == f"{repository.organization.pk}/{repository.public_id}.git"
    assert show(repository, "config", "receive.maxInputSize").strip() == str(50 * MB)
    assert not list(services.git_dir(repository).parent.glob(".building-*"))
    fsck(repository)


def test_credentials_are_stable_and_differ_per_repository(repository: Repository, starter: Path) -> None:
    other = services.create_repository(repository.organization, name="other", starter=starter)
    username, password = services.credentials(repository)

    assert services.credentials(Repository.objects.get(pk=repository.pk)) == (username, password)
    assert services.credentials(other)[1] != password
    assert services.authenticated_clone_url(repository, "https://assay.example.com/") == (
        f"https://{username}:{password}@assay.example.com/git/{repository.public_id}.git"
    )


def test_a_snapshot_is_of_the_commit_asked_for(repository: Repository) -> None:
    first = services.head_commit(repository)
    assert first is not None
    second = services.import_archive(repository, a_zip({"app.py": b"print('v2')\n"}), "v2.zip")

    assert files_at(services.snapshot(repository, second)) == {"app.py": b"print('v2')\n"}
    assert files_at(services.snapshot(repository, first))["app.py"] == b"print('hello')\n"
    with pytest.raises(NotFound):
        services.snapshot(repository, "0" * 40)
    with pytest.raises(NotFound):
        services.snapshot(repository, "--output=/tmp/x")


# Uploading an archive -----------------------------------------------------------------------------


def test_an_uploaded_zip_becomes_the_new_tree_of_main(repository: Repository) -> None:
    before = services.head_commit(repository)
    data = a_zip({"solution/app.py": b"print('done')\n", "solution/run.sh": b"#!/bin/sh\n"}, mode=0o755)

    commit = services.import_archive(repository, data, "solution.zip")

    assert services.head_commit(repository) == commit
    assert show(repository, "log", "-1", "--format=%an <%ae>|%s|%P", "main").strip() == (
        f"Candidate <candidate@assay.invalid>|Uploaded solution.zip|{before}"
    )
    # The folder zipped as a whole is unwrapped; files the upload lacks are gone, as after a push.
    assert show(repository, "ls-tree", "-r", "--format=%(objectmode) %(path)", "main").splitlines() == [
        "100755 app.py",
        "100755 run.sh",
    ]
    repository.refresh_from_db()
    assert repository.last_push_at is not None
    fsck(repository)


def test_an_uploaded_tar_with_an_inside_link_is_kept(repository: Repository) -> None:
    data = a_tar({"app.py": b"x", "docs/readme.md": b"y"}, links={"README.md": "docs/readme.md"})

    services.import_archive(repository, data, "work.tar.gz")

    listing = show(repository, "ls-tree", "-r", "--format=%(objectmode) %(path)", "main").splitlines()
    assert listing == ["120000 README.md", "100644 app.py", "100644 docs/readme.md"]


def test_a_working_copy_zipped_with_its_git_folder_loses_only_that_folder(repository: Repository) -> None:
    data = a_zip({"app.py": b"x", ".git/config": b"[core]\n", "__MACOSX/._app.py": b"junk"})

    services.import_archive(repository, data, "work.zip")

    assert show(repository, "ls-tree", "-r", "--name-only", "main").split() == ["app.py"]


HOSTILE = {
    "zip climbing out": (a_zip({"ok.py": b"x", "../evil": b"x"}), "../evil"),
    "zip absolute": (a_zip({"ok.py": b"x", "/etc/x": b"x"}), "/etc/x"),
    "zip link out": (a_zip({"ok.py": b"x"}, links={"passwd": "/etc/passwd"}), "passwd"),
    "zip link climbing": (a_zip({"ok.py": b"x"}, links={"up": "../../etc/passwd"}), "up"),
    "tar climbing out": (a_tar({"ok.py": b"x", "a/../../evil": b"x"}), "a/../../evil"),
    "tar absolute": (a_tar({"ok.py": b"x", "/etc/x": b"x"}), "/etc/x"),
    "tar link out": (a_tar({"ok.py": b"x"}, links={"passwd": "/etc/passwd"}), "passwd"),
    "tar device": (a_tar({"ok.py": b"x"}, special="dev/null"), "dev/null"),
    "zip backslashes": (a_zip({"ok.py": b"x", "..\\evil.py": b"x"}), "../evil.py"),
}


@pytest.mark.parametrize("case", list(HOSTILE))
def test_a_hostile_archive_is_refused_naming_the_entry_and_changes_nothing(repository: Repository, case: str) -> None:
    data, entry = HOSTILE[case]
    head = services.head_commit(repository)

    with pytest.raises(InvalidInput) as refused:
        services.import_archive(repository, data, "evil.zip")

    assert entry in refused.value.detail
    assert services.head_commit(repository) == head
    assert not Path("/tmp/evil").exists()
    fsck(repository)


def test_a_zip_bomb_is_refused_by_its_declared_size_before_inflating(repository: Repository) -> None:
    Repository.objects.filter(pk=repository.pk).update(max_push_bytes=5 * MB, max_file_bytes=100 * MB)
    bomb = a_zip({"zeros.bin": bytes(60 * MB)})  # about 60 kB compressed
    head = services.head_commit(repository)

    with pytest.raises(InvalidInput, match=r"unpacks to more than 5\.0 MB \(at zeros\.bin\)"):
        services.import_archive(repository, bomb, "bomb.zip")
    assert services.head_commit(repository) == head


def test_a_zip_that_lies_about_its_size_is_refused(repository: Repository) -> None:
    data = bytearray(a_zip({"big.bin": bytes(2 * MB)}))
    # Claim 10 bytes in the central directory and the local header (uncompressed size fields).
    central = data.rindex(b"PK\x01\x02")
    data[central + 24 : central + 28] = (10).to_bytes(4, "little")
    data[22:26] = (10).to_bytes(4, "little")
    head = services.head_commit(repository)

    with pytest.raises(InvalidInput, match=r"big\.bin|could not be read"):
        services.import_archive(repository, bytes(data), "liar.zip")
    assert services.head_commit(repository) == head


def test_a_file_over_the_file_limit_is_refused_by_name(repository: Repository) -> None:
    Repository.objects.filter(pk=repository.pk).update(max_file_bytes=1 * MB)

    with pytest.raises(InvalidInput, match=r"data/dump\.bin is 2\.0 MB; files over 1\.0 MB are refused"):
        services.import_archive(repository, a_tar({"app.py": b"x", "data/dump.bin": bytes(2 * MB)}), "work.tar.gz")


@pytest.mark.parametrize(
    ("data", "says"),
    [
        (b"not an archive at all", "neither a zip nor a tar"),
        (a_zip({}), "no files"),
        (a_zip({"a.py": b"1", "a.py/b.py": b"2"}), "a.py/b.py conflicts with another entry"),
    ],
    ids=["garbage", "empty", "conflicting"],
)
def test_what_is_not_a_usable_archive_says_so(repository: Repository, data: bytes, says: str) -> None:
    with pytest.raises(InvalidInput, match=says):
        services.import_archive(repository, data, "upload.bin")


def test_a_closed_repository_refuses_an_upload_with_its_message(repository: Repository) -> None:
    services.set_write_policy(repository, open=False, message="Submitted on Monday; no more changes.")
    head = services.head_commit(repository)

    with pytest.raises(Conflict, match=r"Submitted on Monday; no more changes\."):
        services.import_archive(repository, a_zip({"app.py": b"x"}), "late.zip")
    assert services.head_commit(repository) == head
