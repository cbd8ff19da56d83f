"""The command line that puts one process into a bubblewrap sandbox.

Layering, outermost first (each layer does one thing, then execs the next):

  sh        joins the cgroups (as root, before anything candidate-controlled runs)
  prlimit   sets rlimits, inherited by everything below
  nsenter   joins the run's network namespace (needs root)
  setpriv   becomes the run's unprivileged host uid, drops every capability
  bwrap     new user/PID/IPC/UTS/cgroup namespaces, a read-only system view,
            the workspace, a private /tmp; --die-with-parent, --new-session

Because bwrap runs as an unprivileged uid, uids inside its user namespace map
to that uid, never to host root: root-only host files stay unreadable even if
some path were bound by mistake.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .limits import Limits

BWRAP = "/usr/bin/bwrap"
PRLIMIT = "/usr/bin/prlimit"
SETPRIV = "/usr/bin/setpriv"
SH = "/bin/sh"

SANDBOX_HOME = "/workspace"
DEFAULT_PATH = "/usr/local/go/bin:/usr/local/bin:/usr/bin:/bin"

# What of /etc a toolchain needs: TLS roots, alternatives (java, mvn links),
# dynamic linker config, name-service config. Never shadow, never ssh keys.
ETC_ALLOWED = (
    "alternatives",
    "ca-certificates",
    "ca-certificates.conf",
    "ssl",
    "java-17-openjdk",
    "maven",
    "ld.so.cache",
    "ld.so.conf",
    "ld.so.conf.d",
    "nsswitch.conf",
    "host.conf",
    "gai.conf",
    "protocols",
    "services",
    "mime.types",
    "localtime",
    "timezone",
    "os-release",
    "debian_version",
    "python3",
    "python3.11",
    "pip.conf",
    "npmrc",
)

# Wrapper script: write our own pid into each cgroup.procs given before "--".
_JOIN_CGROUPS = 'while [ "$1" != -- ]; do echo $$ > "$1" || exit 125; shift; done; shift; exec "$@"'


@dataclass
class Mounts:
    """Host paths made visible in a sandbox.

    Invariant: only `writable` entries are writable; `readonly` and the
    system directories are bound read-only.
    """

    writable: dict[Path, str] = field(default_factory=dict)
    readonly: dict[Path, str] = field(default_factory=dict)
    etc_files: dict[Path, str] = field(default_factory=dict)
    chdir: str = SANDBOX_HOME


def cgroup_prefix(procs_files: list[str]) -> list[str]:
    return [SH, "-c", _JOIN_CGROUPS, "sh", *procs_files, "--"]


def rlimit_prefix(limits: Limits, nproc: int, as_mb: int | None) -> list[str]:
    """prlimit arguments; soft CPU limit sends SIGXCPU, hard one a second later SIGKILL."""
    cpu = int(limits.cpu_seconds + 0.999)
    fsize = limits.file_size_mb * 1024 * 1024
    args = [
        PRLIMIT,
        f"--cpu={cpu}:{cpu + 1}",
        f"--fsize={fsize}",
        f"--nproc={nproc}",
        f"--nofile={limits.open_files}",
        "--core=0",
    ]
    if as_mb is not None:
        args.append(f"--as={as_mb * 1024 * 1024}")
    return [*args, "--"]


def drop_privileges_prefix(uid: int) -> list[str]:
    return [
        SETPRIV,
        f"--reuid={uid}",
        f"--regid={uid}",
        "--clear-groups",
        "--inh-caps=-all",
        "--",
    ]


def _system_binds() -> list[str]:
    args = ["--ro-bind", "/usr", "/usr"]
    for name in ("bin", "lib", "lib64", "sbin"):
        host = Path("/") / name
        if host.is_symlink():
            args += ["--symlink", str(host.readlink()), f"/{name}"]
        elif host.is_dir():
            args += ["--ro-bind", str(host), f"/{name}"]
    return args


def _etc_binds(extra: dict[Path, str]) -> list[str]:
    args = ["--dir", "/etc"]
    for name in ETC_ALLOWED:
        args += ["--ro-bind-try", f"/etc/{name}", f"/etc/{name}"]
    for host, inside in extra.items():
        args += ["--ro-bind", str(host), inside]
    return args


def bwrap_argv(mounts: Mounts, tmp_mb: int, hostname: str = "sandbox") -> list[str]:
    """bwrap options for one process; the network namespace is inherited, not created."""
    args = [
        BWRAP,
        "--unshare-user",
        "--unshare-pid",
        "--unshare-ipc",
        "--unshare-uts",
        "--unshare-cgroup-try",
        "--hostname",
        hostname,
        "--die-with-parent",
        "--new-session",
        "--cap-drop",
        "ALL",
        *_system_binds(),
        *_etc_binds(mounts.etc_files),
        "--proc",
        "/proc",
        "--dev",
        "/dev",
        "--size",
        str(tmp_mb * 1024 * 1024),
        "--tmpfs",
        "/tmp",  # noqa: S108 - a private tmpfs inside the sandbox, not the host /tmp
        "--tmpfs",
        "/dev/shm",  # noqa: S108 - private tmpfs inside the sandbox
    ]
    for host, inside in mounts.writable.items():
        args += ["--bind", str(host), inside]
    for host, inside in mounts.readonly.items():
        args += ["--ro-bind", str(host), inside]
    return [*args, "--chdir", mounts.chdir, "--"]


def sandbox_env(extra: dict[str, str] | None) -> dict[str, str]:
    """A clean environment: nothing of the platform's leaks in."""
    env = {
        "PATH": DEFAULT_PATH,
        "HOME": SANDBOX_HOME,
        "TMPDIR": "/tmp",  # noqa: S108 - the sandbox's private tmpfs
        "LANG": "C.UTF-8",
        "LC_ALL": "C.UTF-8",
    }
    env.update(extra or {})
    return env


def identity_files(directory: Path, uid: int, nameserver: str | None) -> dict[Path, str]:
    """Generated /etc/passwd, group, hosts (and resolv.conf).

    `uid + 1` is the services uid, `uid + 2` the grader's, `uid + 4` the browser's.
    """
    directory.mkdir(parents=True, exist_ok=True)
    files = {
        "passwd": (
            "root:x:0:0::/nonexistent:/usr/sbin/nologin\n"
            f"sandbox:x:{uid}:{uid}::{SANDBOX_HOME}:/bin/sh\n"
            f"services:x:{uid + 1}:{uid + 1}::/nonexistent:/bin/sh\n"
            f"grader:x:{uid + 2}:{uid + 2}::/nonexistent:/bin/sh\n"
            f"browser:x:{uid + 4}:{uid + 4}::/tmp:/bin/sh\n"
        ),
        "group": f"root:x:0:\nsandbox:x:{uid}:\nservices:x:{uid + 1}:\ngrader:x:{uid + 2}:\nbrowser:x:{uid + 4}:\n",
        "hosts": "127.0.0.1 localhost sandbox\n::1 localhost\n",
        "resolv.conf": f"nameserver {nameserver}\n" if nameserver else "",
    }
    out: dict[Path, str] = {}
    for name, text in files.items():
        path = directory / name
        path.write_text(text)
        path.chmod(0o644)
        out[path] = f"/etc/{name}"
    return out
