"""What the reviewer's pages cost on the server: the report page and the diff view of a submission with 100
checks and 500 files, beside the candidate's page as a baseline, through Django's full request path
(middleware, sessions, access, templates) in-process, on a fresh SQLite database of its own.

    python bench/review_pages.py [-n 60] [--files 500] [--checks 100] [--out FILE]

Server time is the wall-clock time of one request through the test client (no network, no browser).
"""

from __future__ import annotations

import argparse
import io
import json
import os
import statistics
import sys
import tarfile
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
VAR = Path(tempfile.mkdtemp(prefix="assay-bench-reviews-"))
os.environ.update(ASSAY_VAR_DIR=str(VAR), DJANGO_SETTINGS_MODULE="assay.settings")
for name in ("DATABASE_URL", "REDIS_URL"):
    os.environ.pop(name, None)

import django  # noqa: E402 - the environment above first

django.setup()

from django.core.management import call_command  # noqa: E402
from django.test import Client  # noqa: E402

from assay.accounts.access import Actor  # noqa: E402
from assay.accounts.models import User  # noqa: E402
from assay.accounts.roles import Role  # noqa: E402
from assay.accounts.services import create_organization  # noqa: E402
from assay.assessments.links import token_for  # noqa: E402
from assay.assessments.services import create_assessment, invite  # noqa: E402
from assay.challenges.models import Challenge  # noqa: E402
from assay.challenges.services import load_library  # noqa: E402
from assay.grading import services as grading  # noqa: E402
from assay.grading.report import Check, Evidence, Finding, Report, StageReport  # noqa: E402
from assay.submissions.services import create_submission  # noqa: E402

FIXTURES = ROOT / "tests" / "grading" / "fixtures"
SKILLS = ("api_design", "server_logic")


def archive(files: int) -> bytes:
    """A snapshot of ``files`` Python files of about 80 lines each, app.py changed from the starter."""
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:gz") as tar:
        for n in range(files):
            name = "app.py" if n == 0 else f"pkg{n % 20}/module_{n}.py"
            body = "".join(f"def handler_{n}_{i}(request):\n    return {{'id': {i}}}\n\n" for i in range(27))
            data = body.encode()
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    return buffer.getvalue()


def report(checks: int) -> Report:
    exchange = {
        "request": {"method": "POST", "url": "http://127.0.0.1:8080/items", "headers": {"a": "b"}, "body": "{}" * 200},
        "response": {"status": 500, "headers": {"c": "d"}, "body": "Traceback …" * 100},
    }
    made = [
        Check(
            f"hidden.test_{n}",
            "hidden_tests",
            f"Behaviour {n}",
            SKILLS[n % 2],
            1,
            "failed" if n % 3 else "passed",
            "expected 201",
            evidence=[Evidence("http", exchange)] if n % 3 else [],
        )
        for n in range(checks)
    ]
    findings = [
        Finding(f"lint.F{n}", "server_logic", "medium", "Undefined name", f"pkg{n}/module_{n}.py", 3) for n in range(20)
    ]
    stages = [
        StageReport(s, s.title(), "passed", "ok", 1.0, log_tail="line\n" * 200) for s in ("setup", "start", "static")
    ]
    return Report("tiny-api", "bench", "python", stages, made, findings, {"hidden_tests": 90, "static": 10})


def setup(files: int, checks: int) -> tuple[Client, dict[str, str]]:
    call_command("migrate", verbosity=0)
    assert load_library(FIXTURES, ["tiny-api"]).ok
    owner = User.objects.create_user("bench@example.test", "bench password")
    organization = create_organization("Bench", owner)
    version = Challenge.objects.get(slug="tiny-api").current_version
    submission = create_submission(
        organization=organization, challenge_version=version, stack="python", label="Bench", archive=archive(files)
    )
    run = grading.claim(submission.pk, "bench")
    assert run is not None
    grading.finish(run, report(checks))
    actor = Actor(organization=organization, role=Role.OWNER, user=owner)
    challenge = Challenge.objects.get(slug="tiny-api")
    assessment = create_assessment(
        actor, title="Bench", challenge=challenge, stacks=["python"], time_limit_minutes=60, start_window_days=7
    )
    candidate, _ = invite(actor, assessment, "Cara", "cara@example.test")
    client = Client()
    client.force_login(owner)
    return client, {
        "report page": f"/submissions/{submission.pk}/",
        "diff view": f"/submissions/{submission.pk}/code/",
        "candidate page (baseline)": f"/c/{token_for(candidate)}/",
    }


def measure(client: Client, path: str, rounds: int) -> list[float]:
    client.get(path)  # warm: templates compiled, the snapshot listing cached
    times = []
    for _ in range(rounds):
        started = time.perf_counter()
        response = client.get(path)
        times.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, (path, response.status_code)
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("-n", type=int, default=60, help="requests per page")
    parser.add_argument("--files", type=int, default=500)
    parser.add_argument("--checks", type=int, default=100)
    parser.add_argument("--out", type=Path)
    args = parser.parse_args()
    client, pages = setup(args.files, args.checks)
    results = {}
    print(f"{'page':28} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8}")
    for label, path in pages.items():
        times = sorted(measure(client, path, args.n))
        p95 = times[min(len(times) - 1, round(0.95 * (len(times) - 1)))]
        results[label] = {"p50_ms": statistics.median(times), "p95_ms": p95, "max_ms": times[-1], "n": len(times)}
        print(f"{label:28} {results[label]['p50_ms']:8.1f} {p95:8.1f} {times[-1]:8.1f}")
    text = json.dumps({"files": args.files, "checks": args.checks, "pages": results}, indent=2)
    if args.out:
        args.out.write_text(text)
    else:
        print(text)


if __name__ == "__main__":
    main()
