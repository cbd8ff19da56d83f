"""A repository's worker process (`[worker] command` in assay.toml), graded end to end: started beside the
service, killed and restarted by the hidden tests, its log kept in the report; one that will not start or that
crashes is reported in the worker stage, with what it printed."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from assay.challenges.package import ChallengePackage, load_package
from assay.grading.context import StageLimits
from assay.grading.pipeline import grade_directory
from assay.grading.report import Report, StageReport

pytestmark = pytest.mark.sandbox

FIXTURE = Path(__file__).parent / "fixtures" / "tiny-worker"
SERVICE = 'setup = "true"\nstart = "python3 app.py"\ntest = "true"\nhealthcheck = "/health"\n'


@pytest.fixture(scope="module")
def tiny_worker() -> ChallengePackage:
    return load_package(FIXTURE)


def worker_stage(report: Report) -> StageReport:
    stage = report.stage("worker")
    assert stage is not None, [s.name for s in report.stages]
    return stage


def hidden(report: Report) -> list[tuple[str, str]]:
    return [(c.id, c.outcome) for c in report.checks if c.suite == "hidden_tests"]


def test_the_hidden_tests_kill_and_restart_the_worker_and_its_log_is_kept(
    tiny_worker: ChallengePackage, fast_limits: StageLimits
) -> None:
    report = grade_directory(tiny_worker.solution_dir("python"), tiny_worker, "python", limits=fast_limits)

    assert hidden(report) == [("test_worker.py::test_worker_survives_a_kill", "passed")]
    stage = worker_stage(report)
    assert stage.status == "passed", stage.summary
    assert stage.data["starts"] == 2 and stage.data["kills"] == 1
    # Both runs' output, in order, with what the grader did in between.
    log = stage.log_tail
    assert log.count("worker ready <b>port 8080</b>") == 2, log
    assert log.index("killed by the grader (SIGKILL)") < log.rindex("worker ready"), log
    assert "stopped at the end of the grading" in log


def test_a_worker_that_cannot_be_found_is_reported_with_its_error(
    tiny_worker: ChallengePackage, fast_limits: StageLimits, make_repo: Callable[..., Path]
) -> None:
    repo = make_repo(
        tiny_worker.solution_dir("python"),
        {"assay.toml": SERVICE + '[worker]\ncommand = "python3 jobs/run_worker.py"\n'},
    )
    report = grade_directory(repo, tiny_worker, "python", limits=fast_limits)

    stage = worker_stage(report)
    assert stage.status == "failed"
    assert "did not keep running: it exited with code 2" in stage.summary, stage.summary
    assert "jobs/run_worker.py" in stage.log_tail and "No such file" in stage.log_tail
    assert report.stage("start").status == "passed", "the service itself runs"
    assert not report.incomplete, "a missing worker is the candidate's, not the platform's"


def test_a_worker_that_crashes_is_reported_with_what_it_printed(
    tiny_worker: ChallengePackage, fast_limits: StageLimits, make_repo: Callable[..., Path]
) -> None:
    crash = "import sys; print('cannot reach the queue at REDIS_URL', file=sys.stderr); sys.exit(3)"
    repo = make_repo(
        tiny_worker.solution_dir("python"),
        {"assay.toml": SERVICE + '[worker]\ncommand = "python3 crash.py"\n', "crash.py": crash},
    )
    report = grade_directory(repo, tiny_worker, "python", limits=fast_limits)

    stage = worker_stage(report)
    assert stage.status == "failed"
    assert "exited with code 3" in stage.summary
    assert "cannot reach the queue at REDIS_URL" in stage.log_tail
    assert hidden(report) != [("test_worker.py::test_worker_survives_a_kill", "passed")]


def test_a_worker_that_crashes_after_a_restart_fails_the_stage_with_both_runs_logged(
    tiny_worker: ChallengePackage, fast_limits: StageLimits, make_repo: Callable[..., Path]
) -> None:
    second_start_crashes = (
        "import sys, time\n"
        "with open('starts.log', 'a+') as log:\n"
        "    log.write('started\\n')\n"
        "    log.seek(0)\n"
        "    runs = len(log.read().splitlines())\n"
        "if runs > 1:\n"
        "    sys.exit('the queue is corrupt, refusing to start')\n"
        "print('first run ready', flush=True)\n"
        "time.sleep(3600)\n"
    )
    repo = make_repo(
        tiny_worker.solution_dir("python"),
        {"assay.toml": SERVICE + '[worker]\ncommand = "python3 fragile.py"\n', "fragile.py": second_start_crashes},
    )
    report = grade_directory(repo, tiny_worker, "python", limits=fast_limits)

    stage = worker_stage(report)
    assert stage.status == "failed"
    assert "While the tests ran it exited with code 1" in stage.summary, stage.summary
    log = stage.log_tail
    assert log.index("first run ready") < log.index("killed by the grader") < log.index("refusing to start"), log
    assert stage.data["starts"] == 2


def test_without_a_worker_the_stage_is_skipped_and_the_worker_fixture_errors(
    tiny_worker: ChallengePackage, fast_limits: StageLimits
) -> None:
    report = grade_directory(tiny_worker.starter_dir("python"), tiny_worker, "python", limits=fast_limits)

    assert worker_stage(report).status == "skipped"
    check = next(c for c in report.checks if c.suite == "hidden_tests")
    assert check.outcome == "error" and "declares none ([worker] in assay.toml)" in check.message
