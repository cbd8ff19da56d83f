"""A hiring team imports its own challenge package: from the library page, the API and the command line.

Hostile archives are refused with a message saying why, and leave nothing behind: no challenge, no file.
"""

from __future__ import annotations

import io
import os
import tarfile
import zipfile
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from assay.challenges import archive, imports
from assay.challenges.models import Challenge, ChallengeVersion, team_store
from assay.errors import Conflict


def tar_of(folder: Path, **extra: tuple[tarfile.TarInfo, bytes | None]) -> bytes:
    """A gzipped tar of the package ``folder``, plus hand-made members."""
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:gz") as tar:
        tar.add(folder, arcname=folder.name)
        for info, data in extra.values():
            tar.addfile(info, io.BytesIO(data) if data is not None else None)
    return buffer.getvalue()


def member(
    name: str, kind: bytes = tarfile.REGTYPE, data: bytes = b"x", link: str = ""
) -> tuple[tarfile.TarInfo, bytes | None]:
    info = tarfile.TarInfo(name)
    info.type = kind
    info.linkname = link
    if kind == tarfile.REGTYPE:
        info.size = len(data)
        return info, data
    return info, None


def upload(client, content: bytes, name: str = "package.tar.gz"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return client.post("/library/", {"archive": SimpleUploadedFile(name, content)})


def nothing_imported(team) -> None:
    assert not Challenge.objects.filter(organization=team.organization).exists()
    store = team_store(team.organization.id)
    leftovers = [p for p in store.rglob("*") if ".locks" not in p.parts] if store.exists() else []
    assert leftovers == []


@pytest.fixture
def admin(team, var_dir):
    return team.client("admin")


def test_an_admin_imports_a_package_and_sees_it_pending_validation(team, admin, package_dir):
    response = upload(admin, tar_of(package_dir))

    assert response.status_code == 302 and response["Location"] == "/library/tiny-api/"
    page = admin.get("/library/tiny-api/").content.decode()
    assert "Validation: Pending validation" in page
    library = admin.get("/library/").content.decode()
    assert "Your team's" in library and "Tiny greetings API" in library
    # Another organization never sees it.
    assert team.client("outsider").get("/library/tiny-api/").status_code == 404
    assert "Tiny greetings API" not in team.client("outsider").get("/library/").content.decode()


def test_a_reviewer_cannot_import(team, var_dir, package_dir):
    response = upload(team.client("reviewer"), tar_of(package_dir))
    assert response.status_code == 403
    nothing_imported(team)


def test_two_organizations_import_the_same_slug_apart(team, var_dir, package_dir):
    upload(team.client("admin"), tar_of(package_dir))
    (package_dir / "brief.md").write_text("# Another team's brief\n")
    response = upload(team.client("outsider"), tar_of(package_dir))

    assert response.status_code == 302
    ours, theirs = (
        ChallengeVersion.objects.get(challenge__organization=o) for o in (team.organization, team.other_organization)
    )
    assert ours.content_hash != theirs.content_hash
    assert ours.files_dir != theirs.files_dir
    assert "Another team" not in (ours.files_dir / "brief.md").read_text()
    assert "Another team" in (theirs.files_dir / "brief.md").read_text()


HOSTILE = {
    "dot-dot": ({"x": member("tiny-api/../../evil.txt")}, "'..'"),
    "absolute": ({"x": member("/etc/evil.txt")}, "absolute path"),
    "symlink out": ({"x": member("tiny-api/passwd", tarfile.SYMTYPE, link="/etc/passwd")}, "a link"),
    "hardlink out": ({"x": member("tiny-api/shadow", tarfile.LNKTYPE, link="/etc/shadow")}, "a link"),
    "device": ({"x": member("tiny-api/disk", tarfile.BLKTYPE)}, "a device, FIFO or socket"),
    "fifo": ({"x": member("tiny-api/pipe", tarfile.FIFOTYPE)}, "a device, FIFO or socket"),
}


@pytest.mark.parametrize("case", HOSTILE)
def test_a_hostile_tar_is_refused_and_leaves_nothing(team, admin, package_dir, case):
    extra, says = HOSTILE[case]
    response = upload(admin, tar_of(package_dir, **extra))

    assert response.status_code == 422
    assert says in response.content.decode().replace("&#x27;", "'")
    nothing_imported(team)


def test_a_zip_bomb_is_refused_and_leaves_nothing(team, admin):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("tiny-api/challenge.toml", b"slug = 'tiny-api'\n")
        zf.writestr("tiny-api/zeros.bin", b"\0" * (150 * 1024 * 1024))
    response = upload(admin, buffer.getvalue(), "bomb.zip")

    assert response.status_code == 422
    assert "refused as an archive bomb" in response.content.decode()
    nothing_imported(team)


def test_a_tar_bomb_is_refused(team, admin, package_dir):
    zeros = member("tiny-api/zeros.bin", data=b"\0" * (30 * 1024 * 1024))
    response = upload(admin, tar_of(package_dir, zeros=zeros))

    assert response.status_code == 422
    assert "refused as an archive bomb" in response.content.decode()
    nothing_imported(team)


def test_an_oversized_archive_is_refused(team, admin):
    response = upload(admin, os.urandom(archive.MAX_ARCHIVE_BYTES + 1), "huge.tar.gz")

    assert response.status_code == 422
    assert "over the limit of 20 MB" in response.content.decode()
    nothing_imported(team)


def test_not_an_archive_is_refused(team, admin):
    response = upload(admin, b"just some text", "notes.txt")
    assert "not a zip or tar archive" in response.content.decode()
    nothing_imported(team)


def test_a_broken_package_names_the_file_and_field(team, admin, package_dir):
    toml = package_dir / "challenge.toml"
    toml.write_text(toml.read_text().replace('difficulty = "junior"', 'difficulty = "impossible"'))
    response = upload(admin, tar_of(package_dir))

    html = response.content.decode()
    assert response.status_code == 422
    assert "challenge.toml: difficulty" in html
    assert str(team_store(team.organization.id)) not in html  # the server's folders are never shown
    nothing_imported(team)


def test_a_slug_of_the_shared_library_is_refused(team, admin, library, package_dir):
    from assay.challenges.services import load_library

    assert load_library(library).ok
    response = upload(admin, tar_of(package_dir))
    assert response.status_code == 422
    assert "shared library already has a challenge" in response.content.decode()


def test_a_second_import_of_the_same_package_at_once_is_refused(team, var_dir, package_dir, tmp_path):
    from assay.accounts.roles import Role

    # The first import holds its lock: a second one at the same moment is told so, not queued behind it.
    path = tmp_path / "package.tar.gz"
    path.write_bytes(tar_of(package_dir))
    held = imports._importing(team_store(team.organization.id), "tiny-api")
    with held, pytest.raises(Conflict, match="Another import of 'tiny-api' is running"):
        imports.import_archive(team.actor(Role.ADMIN.value), path)
    nothing_imported(team)


def test_the_api_imports_once_per_idempotency_key(team, var_dir, package_dir):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.test import Client

    key = team.api_key("admin")
    client = Client(headers={"Authorization": f"Bearer {key}", "Idempotency-Key": "import-1"})
    content = tar_of(package_dir)
    first = client.post("/api/v1/challenges", {"archive": SimpleUploadedFile("p.tar.gz", content)})
    again = client.post("/api/v1/challenges", {"archive": SimpleUploadedFile("p.tar.gz", content)})

    assert first.status_code == 201, first.content
    assert first.json()["validation"] == "pending" and first.json()["status"] == "new"
    assert again.status_code == 201 and again["Idempotent-Replayed"] == "true"
    assert ChallengeVersion.objects.filter(challenge__organization=team.organization).count() == 1
    listed = Client(headers={"Authorization": f"Bearer {key}"}).get("/api/v1/challenges").json()
    assert {"slug": "tiny-api", "own": True, "validation": "pending"}.items() <= listed["items"][0].items()


def test_the_command_line_imports_a_folder(team, var_dir, package_dir):
    out = io.StringIO()
    call_command("challenges", "import", str(package_dir), "--organization", team.organization.slug, stdout=out)

    assert "tiny-api: new in" in out.getvalue() and "pending validation" in out.getvalue()
    assert ChallengeVersion.objects.get(challenge__organization=team.organization).validation == "pending"


def test_the_command_line_names_an_unknown_organization(var_dir, package_dir, db):
    with pytest.raises(CommandError, match="There is no organization 'nobody'"):
        call_command("challenges", "import", str(package_dir), "--organization", "nobody")


def test_the_api_takes_an_archive_larger_than_a_request_body_with_an_idempotency_key(team, var_dir, package_dir):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.test import Client

    (package_dir / "grading" / "dataset.bin").write_bytes(os.urandom(3 * 1024 * 1024))  # does not compress
    client = Client(headers={"Authorization": f"Bearer {team.api_key('admin')}", "Idempotency-Key": "big-1"})
    content = tar_of(package_dir)
    first = client.post("/api/v1/challenges", {"archive": SimpleUploadedFile("p.tar.gz", content)})
    again = client.post("/api/v1/challenges", {"archive": SimpleUploadedFile("p.tar.gz", content)})
    other = client.post("/api/v1/challenges", {"archive": SimpleUploadedFile("p.tar.gz", content[:-1] + b"!")})

    assert first.status_code == 201, first.content
    assert again["Idempotent-Replayed"] == "true"
    assert other.status_code == 422 and "already used with another request" in other.json()["detail"]
