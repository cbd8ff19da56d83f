"""Platform overhead: `grade_directory` end to end vs the same stages run by hand, on bookings-api/python.

Run as root from the repository root:  .venv/bin/python bench/grading_overhead.py [-n 3] [--out FILE]

One unmeasured grading warms the caches (dependencies, PostgreSQL template,
calibration); then N rounds each grade the solution through the platform and
run the same stages by hand (no sandbox, no namespaces, no probes of the
platform's), alternately, so both see the same machine. The aim is a ratio
of at most 1.25.
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from grading_common import REPO, StageClock, copy_solution, machine, median, setup_django, table, write_results

PYTHON = "/usr/bin/python3"  # the interpreter the sandbox's setup uses
VENV_BIN = Path(sys.executable).parent
PG_BIN = Path("/usr/lib/postgresql/15/bin")
HIDDEN = REPO / "challenges" / "bookings-api" / "grading"
RUFF_RULES = "E9,F63,F7,F82,F811,F821,F823,B006,B008"  # assay.grading.analyzers.python_tools.RUFF_RULES
SEMGREP_RULES = REPO / "src" / "assay" / "grading" / "analyzers" / "rules"
STAGES = ["snapshot", "setup", "static", "services", "start", "hidden_tests", "database", "load", "candidate_tests"]
HOW = {
    "setup": "python3 -m venv + pip install, PIP_INDEX_URL=PyPI, PIP_EXTRA_INDEX_URL=the grader's file:// wheel "
    "index, a fresh empty PIP_CACHE_DIR (the grader's overlay of its empty pip cache): wheels from the local index",
    "static": "ruff, bandit, semgrep (Assay's rules), lizard CLIs and a grep for secrets, beside setup as the grader "
    "does",
    "services": "PostgreSQL 15 from a copy of the grader's template data dir, as user postgres, on a free loopback "
    "port",
}


# -- the platform ------------------------------------------------------------


def grade_once(work: Path) -> dict[str, Any]:
    from assay.challenges.package import load_package
    from assay.grading.pipeline import grade_directory

    package = load_package(REPO / "challenges" / "bookings-api")
    source = copy_solution("python", work / "platform-src")
    clock = StageClock()
    started = time.perf_counter()
    report = grade_directory(source, package, "python", on_event=clock)
    total = time.perf_counter() - started
    stages = dict(clock.seconds)
    static = report.stage("static")
    stages["static"] = static.duration if static else float("nan")  # runs in a thread beside setup
    return {"total": total, "stages": stages, "score": report.score}


# -- by hand -------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def sh(argv: list[str] | str, cwd: Path, env: dict[str, str], check: bool = True) -> subprocess.CompletedProcess[str]:
    result = subprocess.run(argv, cwd=cwd, env=env, shell=isinstance(argv, str), capture_output=True, text=True,
                            timeout=300)  # fmt: skip
    if check and result.returncode != 0:
        raise RuntimeError(f"{argv!r} exited {result.returncode}: {result.stderr[-2000:]}")
    return result


def base_env(**extra: str) -> dict[str, str]:
    env = {"PATH": "/usr/local/bin:/usr/bin:/bin", "HOME": "/root", "LANG": "C.UTF-8", "PYTHONDONTWRITEBYTECODE": "1"}
    return {**env, **extra}


def by_hand_setup(app: Path, pip_cache: Path) -> None:
    deps = Path(os.environ["ASSAY_CACHE_DIR"]) / "deps" / "python"
    env = base_env(
        PIP_INDEX_URL="https://pypi.org/simple",
        PIP_EXTRA_INDEX_URL=f"file://{deps}/simple",
        PIP_DISABLE_PIP_VERSION_CHECK="1",
        PIP_CACHE_DIR=str(pip_cache),
    )
    sh(f"{PYTHON} -m venv .venv && .venv/bin/pip install -q -r requirements.txt", app, env)


def by_hand_static(app: Path, files: list[str]) -> None:
    home = app.parent / "static-home"  # semgrep keeps its settings and log in $HOME
    home.mkdir(exist_ok=True)
    env = base_env(HOME=str(home))
    python = [f for f in files if f.endswith(".py")]
    sh([str(VENV_BIN / "ruff"), "check", "--isolated", "--no-cache", "--output-format=json",
        f"--select={RUFF_RULES}", *python], app, env, check=False)  # fmt: skip
    sh([str(VENV_BIN / "bandit"), "-f", "json", "-q", "--severity-level", "medium",
        *[f for f in python if "test" not in Path(f).name]], app, env, check=False)  # fmt: skip
    sh([str(VENV_BIN / "semgrep"), "scan", "--config", str(SEMGREP_RULES), "--json", "--metrics=off",
        "--disable-version-check", "--quiet", "--no-git-ignore", "--timeout", "30", *python], app, env,
       check=False)  # fmt: skip
    sh([str(VENV_BIN / "lizard"), *files], app, env, check=False)
    sh(["grep", "-rIEn", r"(AKIA[0-9A-Z]{16}|-----BEGIN [A-Z ]*PRIVATE KEY|secret_key\s*=)", *files], app, env,
       check=False)  # fmt: skip


@contextlib.contextmanager
def by_hand_postgres(work: Path) -> Iterator[tuple[int, Path]]:
    """A PostgreSQL from a copy of the grader's template; yields (port, socket dir)."""
    from assay.grading.servers.private import _PG_CONF, _PG_HBA  # only to find the template by its name

    digest = hashlib.sha256((_PG_CONF + _PG_HBA).encode()).hexdigest()[:10]
    template = Path(os.environ["ASSAY_CACHE_DIR"]) / "postgres" / f"pg15-template-{digest}"
    pg = work / "pg"
    pg.mkdir(mode=0o755)
    shutil.copytree(template, pg / "data", symlinks=True)
    for sub in ("sock", "log"):
        (pg / sub).mkdir()
    subprocess.run(["chown", "-R", "postgres:postgres", str(pg)], check=True)
    os.chmod(pg / "data", 0o700)
    port = free_port()
    argv = ["setpriv", "--reuid=postgres", "--regid=postgres", "--clear-groups", str(PG_BIN / "postgres"),
            "-D", str(pg / "data"), "-c", f"port={port}", "-c", f"unix_socket_directories={pg / 'sock'}",
            "-c", f"log_directory={pg / 'log'}"]  # fmt: skip
    proc = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    try:
        wait_for(lambda: _pg_ready(pg / "data"), 15, proc.poll)
        yield port, pg / "sock"
    finally:
        proc.send_signal(signal.SIGINT)  # fast shutdown
        proc.wait(timeout=15)


def _pg_ready(data: Path) -> bool:
    try:
        lines = (data / "postmaster.pid").read_text().splitlines()
    except OSError:
        return False
    return len(lines) >= 8 and lines[7].strip() == "ready"


def wait_for(ready: Callable[[], bool], timeout: float, exited: Callable[[], int | None], pause: float = 0.01) -> None:
    deadline = time.monotonic() + timeout
    while not ready():
        if exited() is not None or time.monotonic() > deadline:
            raise RuntimeError("did not become ready")
        time.sleep(pause)


def _answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:  # noqa: S310 - our own loopback
            return bool(response.status < 500)
    except OSError:
        return False


@contextlib.contextmanager
def by_hand_service(app: Path, env: dict[str, str]) -> Iterator[None]:
    argv = f".venv/bin/uvicorn app.main:app --host 127.0.0.1 --port {env['PORT']}"
    proc = subprocess.Popen(argv, cwd=app, env=env, shell=True,  # noqa: S602 - the fixed start line of assay.toml stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            start_new_session=True)  # fmt: skip
    try:
        wait_for(lambda: _answers(f"{env['BASE_URL']}/health"), 60, proc.poll, pause=0.05)
        yield
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=10)


def hidden_tests(scratch: Path, base_url: str, database_url: str, app: Path) -> None:
    ini = scratch / "hidden-pytest.ini"
    ini.write_text("[pytest]\n")
    argv = [str(VENV_BIN / "python"), "-m", "pytest", str(HIDDEN / "tests"), "-p", "assay.grading.hidden.plugin",
            "-p", "no:cacheprovider", "-p", "no:django", "-p", "no:xdist", "-q", "--no-header", "--tb=short",
            "-c", str(ini), "--rootdir", str(HIDDEN), "--confcutdir", str(HIDDEN), f"--assay-base-url={base_url}",
            f"--assay-results={scratch / 'hidden.json'}", f"--assay-workspace={app}",
            f"--assay-database-url={database_url}"]  # fmt: skip
    sh(argv, scratch, base_env())


def load_probe(scratch: Path, url: str) -> None:
    probe = [str(VENV_BIN / "python"), "-m", "assay.grading.probes.load", url, "GET"]
    sh([*probe, "20", "2", "20"], scratch, base_env())
    sh([*probe, "300", "8", "60"], scratch, base_env())


def by_hand_once(work: Path) -> dict[str, Any]:
    seconds: dict[str, float] = {}

    @contextlib.contextmanager
    def timed(stage: str) -> Iterator[None]:
        started = time.perf_counter()
        yield
        seconds[stage] = time.perf_counter() - started

    started = time.perf_counter()
    with timed("snapshot"):
        app = copy_solution("python", work / "hand-src")
        files = sorted(str(p.relative_to(app)) for p in app.rglob("*") if p.is_file() and p.suffix in {".py", ".sql"})
    static = threading.Thread(target=lambda: _timed_call(seconds, "static", by_hand_static, app, files))
    static.start()
    (work / "pip-cache").mkdir()
    with timed("setup"):
        by_hand_setup(app, work / "pip-cache")
    static.join()
    scratch = work / "scratch"
    scratch.mkdir()
    with contextlib.ExitStack() as stack:
        with timed("services"):
            port, sock = stack.enter_context(by_hand_postgres(work))
        database_url = f"postgresql://app:app@127.0.0.1:{port}/app"
        service_port = free_port()
        base_url = f"http://127.0.0.1:{service_port}"
        env = base_env(PORT=str(service_port), BASE_URL=base_url, CI="true", DATABASE_URL=database_url, HOME=str(app))
        with timed("start"):
            stack.enter_context(by_hand_service(app, env))
        with timed("hidden_tests"):
            hidden_tests(scratch, base_url, database_url, app)
        with timed("database"):
            sh(["psql", f"host={sock} port={port} dbname=app user=postgres", "-c", r"\d+", "-c", r"\di+"], work,
               base_env())  # fmt: skip
        with timed("load"):
            load_probe(scratch, f"{base_url}/rooms")
        with timed("candidate_tests"):
            sh(".venv/bin/python -m pytest -q tests", app, env)
        teardown = time.perf_counter()
    seconds["teardown"] = time.perf_counter() - teardown
    return {"total": time.perf_counter() - started, "stages": seconds}


def _timed_call(seconds: dict[str, float], stage: str, action: Callable[..., None], *args: Any) -> None:
    started = time.perf_counter()
    action(*args)
    seconds[stage] = time.perf_counter() - started


# -- main --------------------------------------------------------------------------


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("-n", type=int, default=3, help="measured rounds (each: platform once, by hand once)")
    parser.add_argument("--out", help="write the JSON results here (default: stdout)")
    args = parser.parse_args()
    setup_django()
    info = machine()
    platform_runs, hand_runs = [], []
    with tempfile.TemporaryDirectory(prefix="assay-bench-overhead-") as tmp:
        os.chmod(tmp, 0o711)  # noqa: S103 - PostgreSQL runs as user postgres by hand and must traverse
        warm = grade_once(Path(tmp) / "warm")
        print(f"warm-up grading: {warm['total']:.1f}s, score {warm['score']}", file=sys.stderr)
        for n in range(args.n):
            for runs, action in ((platform_runs, grade_once), (hand_runs, by_hand_once)):
                work = Path(tmp) / f"{action.__name__}-{n}"
                work.mkdir()
                os.chmod(work, 0o755)  # noqa: S103 - as above
                runs.append(action(work))
                shutil.rmtree(work, ignore_errors=True)
            print(f"round {n + 1}: platform {platform_runs[-1]['total']:.1f}s, by hand {hand_runs[-1]['total']:.1f}s",
                  file=sys.stderr)  # fmt: skip
    rows = []
    for stage in [*STAGES, "teardown"]:
        p = median([r["stages"][stage] for r in platform_runs if stage in r["stages"]])
        h = median([r["stages"][stage] for r in hand_runs if stage in r["stages"]])
        rows.append([stage, p, h, p / h if h == h and h > 0.005 else "-"])
    p_total = median([r["total"] for r in platform_runs])
    h_total = median([r["total"] for r in hand_runs])
    rows.append(["**total (wall)**", p_total, h_total, p_total / h_total])
    print(f"\nmachine: {info['cpus']} CPUs, {info['cpu_model']}; medians of {args.n} rounds, seconds")
    print(table(["stage", "platform s", "by hand s", "ratio"], rows))
    scores = [r["score"] for r in platform_runs]
    print(f"\noverhead ratio {p_total / h_total:.2f} (aim <= 1.25); platform scores {scores}")
    print("\n".join(f"by hand, {stage}: {how}" for stage, how in HOW.items()))
    print("static runs beside setup in both, so it is not on the critical path; teardown is inside 'total'.")
    write_results(
        {
            "benchmark": "grading_overhead",
            "machine": info,
            "rounds": args.n,
            "platform": platform_runs,
            "by_hand": hand_runs,
            "median_total": {"platform": p_total, "by_hand": h_total},
            "ratio": p_total / h_total,
            "by_hand_method": HOW,
            "load_average_end": os.getloadavg(),
        },
        args.out,
    )


if __name__ == "__main__":
    main()
