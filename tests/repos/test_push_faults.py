"""A web process killed in the middle of a push leaves the repository sound, and the candidate can push again.

A real `assay serve` (its own SQLite and repositories) receives a push of a large commit over smart HTTP and
is killed with SIGKILL while the pack is on its way, git's own receiving process with it. After a restart,
`git fsck --full` finds the bare repository intact, main still at the starter, and the same push succeeds.
"""

from __future__ import annotations

import os
import signal
import subprocess
import time
from pathlib import Path

from tests.ops.serving import ASSAY, assay_serve, clean_env, free_port

MAKE_REPOSITORY = """
from assay.accounts.models import User
from assay.accounts.services import create_organization
from assay.repos import services
from pathlib import Path
owner = User.objects.create_user("owner@faults.test", "a long enough password")
organization = create_organization("Faults", owner)
repository = services.create_repository(organization, name="candidate", starter=Path({starter!r}))
print(services.authenticated_clone_url(repository, {url!r}))
print(services.git_dir(repository))
"""


def git(*args: str, cwd: Path, check: bool = True) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "GIT_TERMINAL_PROMPT": "0", "GIT_CONFIG_GLOBAL": "/dev/null", "GIT_CONFIG_NOSYSTEM": "1"}
    return subprocess.run(["git", *args], cwd=cwd, env=env, capture_output=True, text=True, check=check)


def test_a_web_process_killed_during_a_push_leaves_the_repository_sound(tmp_path: Path) -> None:
    var, port = tmp_path / "var", free_port()
    starter = tmp_path / "starter"
    starter.mkdir()
    (starter / "README.md").write_text("# Starter\n")
    with assay_serve(var, port=port) as server:
        made = subprocess.run(
            [ASSAY, "shell", "-c", MAKE_REPOSITORY.format(starter=str(starter), url=server.url)],
            env=clean_env(var),
            capture_output=True,
            text=True,
            check=True,
        ).stdout.split()
        clone_url, bare = made[-2], Path(made[-1])
        work = tmp_path / "work"
        git("clone", "-q", clone_url, str(work), cwd=tmp_path)
        starter_head = git("rev-parse", "HEAD", cwd=work).stdout.strip()
        for n in range(8):  # 40 MB that does not compress, under the 10 MB limit per file: the pack takes a while
            (work / f"data-{n}.bin").write_bytes(os.urandom(5 * 1024 * 1024))
        git("add", "-A", cwd=work)
        git("-c", "user.name=C", "-c", "user.email=c@x.test", "commit", "-qm", "Big", cwd=work)
        push = subprocess.Popen(["git", "push", "-q", "origin", "HEAD:main"], cwd=work, stderr=subprocess.PIPE)
        time.sleep(0.7)  # the pack is being sent
        server.process.kill()  # SIGKILL: no clean shutdown
        for child in subprocess.run(["pgrep", "-f", str(bare)], capture_output=True, text=True).stdout.split():
            os.kill(int(child), signal.SIGKILL)  # git's receiving process dies with the web process
        server.process.wait()
        assert push.wait(timeout=120) != 0, "the push finished before the web process was killed"

    fsck = git("fsck", "--full", cwd=bare, check=False)
    assert fsck.returncode == 0, fsck.stderr
    assert git("rev-parse", "refs/heads/main", cwd=bare).stdout.strip() == starter_head  # nothing half-recorded

    with assay_serve(var, port=port):
        again = git("push", "-q", "origin", "HEAD:main", cwd=work, check=False)
        assert again.returncode == 0, again.stderr
    pushed = git("rev-parse", "HEAD", cwd=work).stdout.strip()
    assert git("rev-parse", "refs/heads/main", cwd=bare).stdout.strip() == pushed
    assert git("fsck", "--full", cwd=bare, check=False).returncode == 0
