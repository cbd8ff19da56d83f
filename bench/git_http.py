"""What Assay's smart-HTTP endpoint costs: clone and push through `assay serve` (uvicorn) against the same
bare repository served by `git http-backend` directly, behind a minimal CGI server on loopback.

    python bench/git_http.py [-n 7] [--megabytes 4]

Both sides run the same pre-receive hook with the same policy; Assay adds authentication (git's first,
credential-less request is answered 401), the database lookup and the streaming bridge.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.ops.serving import assay_serve, clean_env, free_port  # noqa: E402 - the repository root first

DIRECT, ASSAY = "git http-backend (direct CGI)", "Assay (assay serve, uvicorn)"
CLIENT_ENV = {"GIT_CONFIG_NOSYSTEM": "1", "GIT_CONFIG_GLOBAL": os.devnull, "GIT_TERMINAL_PROMPT": "0"}


def git(*args: str, cwd: Path | None = None) -> None:
    env = {**os.environ, **CLIENT_ENV, "GIT_AUTHOR_NAME": "B", "GIT_AUTHOR_EMAIL": "b@example.test"}
    env |= {"GIT_COMMITTER_NAME": "B", "GIT_COMMITTER_EMAIL": "b@example.test"}
    subprocess.run(["git", *args], cwd=cwd, env=env, check=True, capture_output=True)


class DirectCgi(BaseHTTPRequestHandler):
    """`git http-backend` as the CGI of a bare-bones HTTP/1.0 server (chunked bodies decoded)."""

    protocol_version = "HTTP/1.0"
    project_root = ""
    policy: dict[str, str] = {}

    def do_GET(self) -> None:
        self.cgi()

    def do_POST(self) -> None:
        self.cgi()

    def log_message(self, *args: object) -> None:
        pass

    def body(self) -> Iterator[bytes]:
        if self.headers.get("Transfer-Encoding", "").lower() == "chunked":
            while size := int(self.rfile.readline().split(b";")[0], 16):
                yield self.rfile.read(size)
                self.rfile.readline()
            self.rfile.readline()
            return
        left = int(self.headers.get("Content-Length") or 0)
        while left > 0:
            chunk = self.rfile.read(min(left, 65536))
            left -= len(chunk)
            yield chunk

    def cgi(self) -> None:
        path, _, query = self.path.partition("?")
        env = {"PATH": os.environ["PATH"], "GIT_PROJECT_ROOT": self.project_root, "GIT_HTTP_EXPORT_ALL": "1"}
        env |= {"PATH_INFO": path, "QUERY_STRING": query, "REQUEST_METHOD": self.command, "REMOTE_USER": "candidate"}
        env |= {"CONTENT_TYPE": self.headers.get("Content-Type", ""), "GIT_CONFIG_NOSYSTEM": "1", **self.policy}
        for header, variable in (("Content-Encoding", "HTTP_CONTENT_ENCODING"), ("Git-Protocol", "HTTP_GIT_PROTOCOL")):
            if self.headers.get(header):
                env[variable] = self.headers[header]
        process = subprocess.Popen(["git", "http-backend"], stdin=subprocess.PIPE, stdout=subprocess.PIPE, env=env)
        assert process.stdin and process.stdout
        feeder = threading.Thread(target=self.feed, args=(process.stdin,))
        feeder.start()
        status, headers = "200 OK", []
        while line := process.stdout.readline().rstrip(b"\r\n"):
            name, _, value = line.decode().partition(":")
            if name.lower() == "status":
                status = value.strip()
            else:
                headers.append((name, value.strip()))
        self.wfile.write(f"HTTP/1.0 {status}\r\n".encode())
        for name, value in headers:
            self.send_header(name, value)
        self.end_headers()
        shutil.copyfileobj(process.stdout, self.wfile)
        process.wait()
        feeder.join()

    def feed(self, sink: object) -> None:
        try:
            for chunk in self.body():
                sink.write(chunk)  # type: ignore[attr-defined]
            sink.close()  # type: ignore[attr-defined]
        except BrokenPipeError:
            pass


def medians(runs: int, actions: dict[str, Callable[[int], object]]) -> dict[str, float]:
    """Each action's median time; the actions take turns, so neither gets a warmer or a smaller repository."""
    times: dict[str, list[float]] = {name: [] for name in actions}
    for n in range(-1, runs):  # -1: the warm-up
        for name, action in actions.items():
            started = time.perf_counter()
            action(n)
            if n >= 0:
                times[name].append(time.perf_counter() - started)
    return {name: statistics.median(samples) for name, samples in times.items()}


def cloner(url: str, work: Path, label: str) -> Callable[[int], None]:
    def clone(n: int) -> None:
        dest = work / f"{label}-clone-{n}"
        git("clone", "-q", url, str(dest))
        shutil.rmtree(dest)

    return clone


def pusher(url: str, work: Path, label: str, megabytes: int) -> Callable[[int], None]:
    clone = work / f"{label}-pusher"
    git("clone", "-q", url, str(clone))

    def push(n: int) -> None:
        git("pull", "-q", "--ff-only", cwd=clone)  # the other side's last push (untimed would be fairer; small)
        (clone / f"{label}-{n}.bin").write_bytes(os.urandom(megabytes * 1024 * 1024))
        git("add", ".", cwd=clone)
        git("commit", "-q", "-m", f"{label} {n}", cwd=clone)
        git("push", "-q", "origin", "main", cwd=clone)

    return push


def create_repository(var_dir: Path, base_url: str, megabytes: int) -> tuple[str, str, Path]:
    """In the server's own SQLite, through the real service: (authenticated clone URL, plain path, git dir)."""
    os.environ.update(clean_env(var_dir))
    os.environ["DJANGO_SETTINGS_MODULE"] = "assay.settings"
    import django

    django.setup()
    from assay.accounts.models import Organization
    from assay.repos import services

    starter = var_dir / "starter"
    (starter / "src").mkdir(parents=True)
    (starter / "README.md").write_text("# Bench\n")
    for n in range(20):
        (starter / "src" / f"module{n}.py").write_text(f"def f{n}():\n    return {n}\n" * 50)
    (starter / "data.bin").write_bytes(os.urandom(megabytes * 1024 * 1024))
    organization = Organization.objects.create(name="Bench", slug=f"bench-{os.getpid()}")
    repository = services.create_repository(organization, name="bench", starter=starter)
    return services.authenticated_clone_url(repository, base_url), repository.path, services.git_dir(repository)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("-n", type=int, default=7, help="timed runs per measurement (after one warm-up)")
    parser.add_argument("--megabytes", type=int, default=4, help="random data in the starter and in each push")
    options = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="assay-bench-git-"))
    try:
        with assay_serve(work / "var", "--no-demo", "--no-worker") as server:
            assay_url, relative, git_dir = create_repository(work / "var", server.url, options.megabytes)
            DirectCgi.project_root = str(git_dir.parent.parent)
            DirectCgi.policy = {"ASSAY_WRITE_POLICY": "open", "ASSAY_MAX_FILE_BYTES": str(10 * 1024 * 1024)}
            direct = ThreadingHTTPServer(("127.0.0.1", free_port()), DirectCgi)
            threading.Thread(target=direct.serve_forever, daemon=True).start()
            direct_url = f"http://127.0.0.1:{direct.server_address[1]}/{relative}"
            urls = {DIRECT: direct_url, ASSAY: assay_url}
            clones = medians(options.n, {name: cloner(url, work, name[:6]) for name, url in urls.items()})
            pushes = medians(
                options.n, {name: pusher(url, work, name[:6], options.megabytes) for name, url in urls.items()}
            )
            direct.shutdown()
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print(
        f"\nmedian of {options.n} runs; repository: starter + {options.megabytes} MB, each push +{options.megabytes} MB"
    )
    print(f"{'server':<32} {'clone':>10} {'push':>10}")
    for name in (DIRECT, ASSAY):
        print(f"{name:<32} {clones[name] * 1000:>8.0f}ms {pushes[name] * 1000:>8.0f}ms")
    print(f"{'Assay / direct':<32} {clones[ASSAY] / clones[DIRECT]:>9.2f}x {pushes[ASSAY] / pushes[DIRECT]:>9.2f}x")


if __name__ == "__main__":
    main()
