"""Candidate code sees only its workspace and its own loopback."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from sandbox_support import HostListener

from assay.grading.sandbox import SandboxRun

HostPorts = list[tuple[int, HostListener | None]]
CONNECT = "import socket,sys; s=socket.socket(); s.settimeout(2); s.connect((sys.argv[1], int(sys.argv[2])))"


def connect(run: SandboxRun, host: str, port: int, network: str = "none") -> tuple[int | None, str]:
    result = run.run(["python3", "-c", CONNECT, host, str(port)], network=network)  # type: ignore[arg-type]
    return result.exit_code, result.stderr


@pytest.fixture
def host_secret() -> Iterator[Path]:
    """A root-only file outside any workspace, as platform secrets would be."""
    fd, name = tempfile.mkstemp(dir="/root", prefix="assay-sandbox-secret-")
    os.write(fd, b"platform secret")
    os.close(fd)
    yield Path(name)
    os.unlink(name)


def test_candidate_is_an_unprivileged_uid_without_capabilities(run: SandboxRun) -> None:
    result = run.run("id -u; grep CapEff /proc/self/status; grep NoNewPrivs /proc/self/status")
    uid, caps, nnp = result.stdout.split("\n")[:3]
    assert int(uid) == run.uid != 0
    assert caps.split()[1] == "0000000000000000"
    assert nnp.split()[1] == "1"


def test_shadow_root_and_platform_files_are_absent(run: SandboxRun, host_secret: Path) -> None:
    result = run.run(f"ls /; cat /etc/shadow; ls /root /work /var/lib; cat {host_secret}")
    visible = ["bin", "dev", "etc", "lib", "lib64", "proc", "sbin", "tmp", "usr", "workspace"]
    assert result.stdout.split() == visible
    assert "platform secret" not in result.stdout
    for path in ("/etc/shadow", "/root", "/work", "/var/lib", str(host_secret)):
        assert any(path in line and "No such file or directory" in line for line in result.stderr.splitlines())


def test_root_only_file_is_unreadable_even_if_mounted(host_secret: Path) -> None:
    # Defence in depth: a mistaken bind must not expose root-only files,
    # because the sandbox uid maps to an unprivileged host uid, not root.
    with SandboxRun(caches={host_secret.parent: "/cache"}) as run:
        result = run.run(f"cat /cache/{host_secret.name}")
    assert result.exit_code != 0
    assert "Permission denied" in result.stderr


def test_caches_are_read_only(run: SandboxRun, tmp_path: Path) -> None:
    cache = Path(tempfile.mkdtemp(dir="/var/tmp"))
    try:
        cache.chmod(0o755)
        (cache / "pkg.txt").write_text("cached")
        (cache / "pkg.txt").chmod(0o644)
        with SandboxRun(caches={cache: "/deps"}) as cached_run:
            result = cached_run.run("cat /deps/pkg.txt; echo x > /deps/new || echo READONLY")
        assert result.stdout == "cached" + "READONLY\n"
        assert not (cache / "new").exists()
    finally:
        for child in cache.iterdir():
            child.unlink()
        cache.rmdir()


def test_host_loopback_services_are_unreachable(run: SandboxRun, host_ports: HostPorts) -> None:
    for port, listener in host_ports:
        code, err = connect(run, "127.0.0.1", port)
        assert code != 0 and "Connection refused" in err, (port, err)
        assert not (listener and listener.accepted())


def test_outside_addresses_fail_fast_without_network(run: SandboxRun) -> None:
    # Refused by the kernel at once (no route), not left to time out: the connect's 2 s timeout would say so.
    code, err = connect(run, "10.255.255.1", 80)
    assert code != 0 and "Network is unreachable" in err, err
    assert "timed out" not in err


def test_registries_mode_cannot_reach_host_loopback(run: SandboxRun, host_ports: HostPorts) -> None:
    for port, listener in host_ports:
        for host in ("127.0.0.1", "10.0.2.2"):  # own loopback; slirp's gateway to the host
            code, _ = connect(run, host, port, network="registries")
            assert code != 0, (host, port)
        assert not (listener and listener.accepted())
    result = run.run("cat /etc/resolv.conf; cat /proc/net/dev", network="registries")
    assert "nameserver 10.0.2.3" in result.stdout and "tap0" in result.stdout


@pytest.mark.usefixtures("pypi")
def test_registries_mode_reaches_pypi(run: SandboxRun) -> None:
    script = "import urllib.request; print(urllib.request.urlopen('https://pypi.org/simple/six/', timeout=20).status)"
    result = run.run(["python3", "-c", script], network="registries")
    assert result.stdout.strip() == "200", result


def test_spawned_http_server_is_reachable_from_trusted_side(run: SandboxRun) -> None:
    (run.workspace / "hello.txt").write_text("hello from the sandbox")
    server = run.spawn(["python3", "-m", "http.server", "8000", "--bind", "127.0.0.1"])
    probe = (
        "import time, urllib.request\n"
        "for _ in range(100):\n"
        "    try: print(urllib.request.urlopen('http://127.0.0.1:8000/hello.txt').read().decode()); break\n"
        "    except OSError: time.sleep(0.05)\n"
    )
    result = run.run_trusted(["python3", "-c", probe])
    assert result.stdout.strip() == "hello from the sandbox", result
    assert server.alive()
    server.stop(1)
    assert not server.alive()


def test_run_leaves_nothing_behind() -> None:
    with SandboxRun() as run:
        run.spawn("sleep 1000")
        paths = (run.dir, Path("/run/netns") / f"assay-{run.id}")
        assert all(p.exists() for p in paths)
    assert not any(p.exists() for p in paths)
    assert str(run.workspace) not in Path("/proc/self/mountinfo").read_text()
