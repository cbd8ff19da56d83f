"""A burst of 100 submissions queued at once and drained by two RQ grading workers, none lost: the season of
load_stack.py in PostgreSQL, its 100 started candidates pressing Submit at the same instant through nginx.

    .venv/bin/python bench/load_submissions.py [--submissions 100] [--out /tmp/load-submissions.json]

What is graded: each candidate's repository as Start made it, the starter of the test suite's tiny-api challenge
(a stdlib HTTP server, no services: a grading of a few seconds, so the figure is the queue's and the workers', not a
stack's install). The drain time runs from the first Submit to the last submission graded. Run as root (nginx and
the grading sandbox).
"""

from __future__ import annotations

import argparse
import json
import os
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import httpx
from load_stack import django_for, scaled_stack, seed_season

FINISHED = ("graded", "failed")


def wait_for_calibration(workers: int = 2, timeout: float = 900) -> float:
    """Loading the library queued the reference solution's calibration; the burst starts once both workers are up
    and idle with nothing queued. (A job being run has left the queue, so the workers' own state is what tells.)"""
    import django_rq
    from rq import Worker

    queue, began = django_rq.get_queue("grading"), time.monotonic()

    def idle() -> bool:
        found = Worker.all(queue=queue)
        return len(found) >= workers and not queue.count and all(w.get_state() == "idle" for w in found)

    while not idle():
        if time.monotonic() - began > timeout:
            raise SystemExit("The workers never became idle (the calibration grading did not finish).")
        time.sleep(1)
    return time.monotonic() - began


def submit(base_url: str, link: str, start: threading.Barrier) -> float:
    """Open the candidate's page (its CSRF cookie), wait for everyone, press Submit; when it was accepted."""
    with httpx.Client(base_url=base_url, timeout=120) as browser:
        browser.get(link).raise_for_status()
        start.wait()
        answer = browser.post(link + "submit/", data={"csrfmiddlewaretoken": browser.cookies["csrftoken"]})
        if answer.status_code != 302:
            raise RuntimeError(f"Submit answered {answer.status_code}")
    return time.monotonic()


def burst(base_url: str, candidate_ids: list[int]) -> dict[str, Any]:
    from assay.assessments.links import token_for
    from assay.assessments.models import Candidate

    links = [f"/c/{token_for(c)}/" for c in Candidate.objects.filter(pk__in=candidate_ids)]
    start = threading.Barrier(len(links) + 1)
    with ThreadPoolExecutor(len(links)) as pool:
        futures = [pool.submit(submit, base_url, link, start) for link in links]
        start.wait()
        began = time.monotonic()
        accepted = [f.result() for f in futures]
    return {"began": began, "all_accepted_s": round(max(accepted) - began, 2)}


def drained(candidate_ids: list[int], began: float, timeout: float = 3600) -> dict[str, Any]:
    """Wait until every submission is finished; what each one's gradings were."""
    from assay.assessments.models import Candidate
    from assay.grading.models import GradingRun
    from assay.submissions.models import Submission

    submission_ids = list(Candidate.objects.filter(pk__in=candidate_ids).values_list("submission_id", flat=True))
    while Submission.objects.filter(pk__in=submission_ids).exclude(state__in=FINISHED).exists():
        if time.monotonic() - began > timeout:
            break
        time.sleep(1)
    drain = time.monotonic() - began
    states = list(Submission.objects.filter(pk__in=submission_ids).values_list("state", flat=True))
    graded_runs = [
        GradingRun.objects.filter(submission_id=pk, state=GradingRun.State.GRADED).count() for pk in submission_ids
    ]
    return {
        "submissions": len(submission_ids),
        "graded": states.count("graded"),
        "failed": states.count("failed"),
        "not_finished": len(states) - states.count("graded") - states.count("failed"),
        "graded_more_than_once": sum(1 for n in graded_runs if n > 1),
        "drain_s": round(drain, 1),
        "gradings_per_minute": round(60 * states.count("graded") / drain, 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--submissions", type=int, default=100)
    parser.add_argument("--out", type=Path)
    args = parser.parse_args()
    with scaled_stack(workers=2) as cluster:
        django_for(cluster)
        season = seed_season()
        calibration = wait_for_calibration()
        load_before = os.getloadavg()
        candidates = season["started"][: args.submissions]
        sent = burst(cluster.url, candidates)
        result = drained(candidates, sent.pop("began"))
        result |= sent | {"calibration_waited_s": round(calibration, 1)}
        result |= {"load_average_before": load_before, "load_average_after": os.getloadavg()}
    print(
        f"{result['submissions']} submissions accepted in {result['all_accepted_s']} s; drained by two workers in "
        f"{result['drain_s']} s ({result['gradings_per_minute']} gradings/min)"
    )
    print(
        f"  graded {result['graded']}, failed {result['failed']}, not finished {result['not_finished']}, "
        f"graded more than once {result['graded_more_than_once']}"
    )
    text = json.dumps(result, indent=2)
    args.out.write_text(text) if args.out else print(text)


if __name__ == "__main__":
    main()
