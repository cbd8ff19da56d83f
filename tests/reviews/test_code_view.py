"""The candidate's code: the diff against the starter, a highlighted file with line anchors, odd files shown safely."""

from __future__ import annotations

import hashlib
import io
import os
import tarfile
from collections.abc import Callable
from pathlib import Path

from django.urls import reverse

from assay.submissions.models import Submission
from assay.submissions.services import archive_path
from tests.conftest import Team
from tests.reviews.conftest import grade, make_submission


def test_the_diff_against_the_starter_shows_what_the_candidate_changed(
    team: Team, graded: Callable[..., Submission]
) -> None:
    submission = graded(team.organization, {"app.py": "print('hello')\n", "notes/todo.md": "# Later\n"})
    body = team.client("viewer").get(reverse("reviews:code", args=[submission.pk])).content.decode()
    assert "app.py" in body and "modified" in body
    assert "notes/todo.md" in body and "added" in body
    assert "+print(&#x27;hello&#x27;)" in body
    assert 'README.md</a> <span class="badge">' not in body, "an unchanged file is not in the diff"


def test_a_file_is_highlighted_with_line_anchors(team: Team, graded: Callable[..., Submission]) -> None:
    submission = graded(team.organization, {"app.py": "import os\n\n\ndef main():\n    return os.getcwd()\n"})
    response = team.client("viewer").get(reverse("reviews:file", args=[submission.pk]), {"path": "app.py"})
    body = response.content.decode()
    assert response.status_code == 200
    assert 'id="L5"' in body and 'id="L6"' not in body
    assert '<span class="kn">import</span>' in body, "Pygments highlights Python"


def test_odd_files_are_shown_safely(team: Team, graded: Callable[..., Submission], tmp_path: Path) -> None:
    long_line = "x = '" + "a" * 50_000 + "'\n"
    files: dict[str, str | bytes] = {
        "blob.bin": b"\x00\x01\x02binary",
        "latin1.txt": "caf\xe9".encode("latin-1"),
        "long.py": long_line,
        "big.txt": b"a" * (2 * 1024 * 1024),
    }
    submission = graded(team.organization, files)
    client = team.client("viewer")
    url = reverse("reviews:file", args=[submission.pk])
    assert "A binary file" in client.get(url, {"path": "blob.bin"}).content.decode()
    assert "Not UTF-8 text" in client.get(url, {"path": "latin1.txt"}).content.decode()
    assert "Too large to show" in client.get(url, {"path": "big.txt"}).content.decode()
    long_body = client.get(url, {"path": "long.py"}).content.decode()
    assert "line cut; 50006 characters in all" in long_body
    assert "a" * 50_000 not in long_body
    assert client.get(url, {"path": "no/such/file"}).status_code == 404


def test_symlinks_are_listed_never_followed_and_odd_names_are_shown(
    team: Team, graded: Callable[..., Submission], tmp_path: Path
) -> None:
    folder_files: dict[str, str | bytes] = {"ok.py": "print(1)\n"}
    submission = make_submission(team.organization, folder_files, tmp_path)
    # Rebuild the archive with a symlink to a host file and a name that is not UTF-8.
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:gz") as tar:
        link = tarfile.TarInfo("passwd")
        link.type, link.linkname = tarfile.SYMTYPE, "/etc/passwd"
        tar.addfile(link)
        odd = tarfile.TarInfo(os.fsdecode(b"caf\xe9.txt"))
        odd.size = 3
        tar.addfile(odd, io.BytesIO(b"hi\n"))
    data = buffer.getvalue()
    archive_path(submission).write_bytes(data)
    Submission.objects.filter(pk=submission.pk).update(archive_sha256=hashlib.sha256(data).hexdigest())
    submission = grade(Submission.objects.get(pk=submission.pk))
    client = team.client("viewer")
    tree = client.get(reverse("reviews:code", args=[submission.pk])).content.decode()
    assert "→ /etc/passwd" in tree
    assert "caf\ufffd.txt" in tree
    link_page = client.get(reverse("reviews:file", args=[submission.pk]), {"path": "passwd"}).content.decode()
    assert "never followed" in link_page and "root:" not in link_page
    odd_page = client.get(reverse("reviews:file", args=[submission.pk]), {"path": "%caf%E9.txt"})
    assert odd_page.status_code == 200 and 'id="L1"' in odd_page.content.decode()


def test_the_archive_is_for_admins_and_owners(team: Team, graded: Callable[..., Submission]) -> None:
    submission = graded(team.organization)
    url = reverse("reviews:archive", args=[submission.pk])
    assert team.client("reviewer").get(url).status_code == 403
    response = team.client("admin").get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content)[:2] == b"\x1f\x8b"
    assert team.client("outsider").get(url).status_code == 404


def test_a_huge_snapshot_is_listed_in_part_and_its_pages_stay_small(team: Team, tmp_path: Path) -> None:
    """10,000 files, a 20 MB file and a 50,000-character line: every page answers, and none prints it all."""
    submission = make_submission(team.organization, {"app.py": "x = '" + "a" * 50_000 + "'\n"}, tmp_path)
    buffer = io.BytesIO()
    with tarfile.open(archive_path(submission)) as original, tarfile.open(fileobj=buffer, mode="w:gz") as tar:
        for member in original:
            tar.addfile(member, original.extractfile(member) if member.isfile() else None)
        for n in range(10_000):
            info = tarfile.TarInfo(f"many/file_{n:05}.txt")
            info.size = 2
            tar.addfile(info, io.BytesIO(b"x\n"))
        big = tarfile.TarInfo("data/big.json")
        big.size = 20 * 1024 * 1024
        tar.addfile(big, io.BytesIO(b"7" * big.size))
    data = buffer.getvalue()
    archive_path(submission).write_bytes(data)
    Submission.objects.filter(pk=submission.pk).update(archive_sha256=hashlib.sha256(data).hexdigest())
    submission = grade(Submission.objects.get(pk=submission.pk))
    client = team.client("viewer")

    code = client.get(reverse("reviews:code", args=[submission.pk]))
    body = code.content.decode()
    assert code.status_code == 200
    assert "more entries" in body and "more changed files" in body
    assert len(code.content) < 3_000_000
    big_page = client.get(reverse("reviews:file", args=[submission.pk]), {"path": "data/big.json"}).content.decode()
    assert "Too large to show (20.0 MB)" in big_page
    app = client.get(reverse("reviews:file", args=[submission.pk]), {"path": "app.py"})
    assert "line cut; 50006 characters in all" in app.content.decode() and len(app.content) < 500_000
