"""How fast the sandbox contains: stopping a service that ignores SIGTERM, refusing outside addresses.

The tests prove that these happen (the process tree is gone, the connection is refused); this measures
how long they take, which a test cannot assert without depending on the machine's load.

Run as root on a grading worker:  python bench/sandbox_containment.py [-n 20] [--out FILE]
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
from collections.abc import Callable
from pathlib import Path

from assay.grading.sandbox import SandboxRun

GRACE_SECONDS = 0.5
STUBBORN = "trap '' TERM; (trap '' TERM; sleep 1000) & sleep 0.1; touch /workspace/ready; while :; do sleep 1; done"
CONNECT = "import socket,sys; s=socket.socket(); s.settimeout(5); s.connect((sys.argv[1], int(sys.argv[2])))"


def stop_stubborn_service(run: SandboxRun) -> float:
    """Seconds from asking a service that ignores SIGTERM to stop until its whole tree is gone."""
    ready = run.workspace / "ready"
    ready.unlink(missing_ok=True)
    service = run.spawn(STUBBORN)
    while not ready.exists():
        time.sleep(0.01)
    started = time.perf_counter()
    service.stop(grace_seconds=GRACE_SECONDS)
    return time.perf_counter() - started


def refused_connect(run: SandboxRun, host: str) -> float:
    """Seconds a sandboxed connect to ``host`` takes to fail, process start included."""
    started = time.perf_counter()
    result = run.run(["python3", "-c", CONNECT, host, "80"])
    elapsed = time.perf_counter() - started
    if result.exit_code == 0:
        raise SystemExit(f"a sandboxed process reached {host}: the sandbox is broken")
    return elapsed


def baseline(run: SandboxRun) -> float:
    """Seconds a sandboxed `python3 -c pass` takes: what every connect row pays before connecting."""
    started = time.perf_counter()
    run.run(["python3", "-c", "pass"])
    return time.perf_counter() - started


def median_ms(samples: int, measure: Callable[[], float]) -> dict[str, float]:
    measure()  # warm-up
    values = [measure() * 1000 for _ in range(samples)]
    return {"median_ms": statistics.median(values), "max_ms": max(values)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("-n", type=int, default=20, help="samples per measurement")
    parser.add_argument("--out", help="write the JSON results here (default: stdout)")
    args = parser.parse_args()
    with SandboxRun() as run:
        rows = {
            "sandboxed python3 -c pass (baseline)": median_ms(args.n, lambda: baseline(run)),
            "connect to 10.255.255.1 refused": median_ms(args.n, lambda: refused_connect(run, "10.255.255.1")),
            "connect to host 127.0.0.1 refused": median_ms(args.n, lambda: refused_connect(run, "127.0.0.1")),
            f"stop ignoring SIGTERM (grace {GRACE_SECONDS}s)": median_ms(args.n, lambda: stop_stubborn_service(run)),
        }
    print(f"samples: {args.n}")
    print(f"{'measurement':44s} {'median ms':>10s} {'max ms':>10s}")
    for name, row in rows.items():
        print(f"{name:44s} {row['median_ms']:10.1f} {row['max_ms']:10.1f}")
    text = json.dumps({"samples": args.n, "grace_seconds": GRACE_SECONDS, "rows": rows}, indent=1)
    if args.out:
        Path(args.out).write_text(text)
    else:
        print(text)


if __name__ == "__main__":
    main()
