"""What the load benchmarks share (not a benchmark): the scaled stack of `make scale-check` on this machine, and a
hiring season's data seeded into its PostgreSQL.

The stack is nginx in front of two web processes (`assay serve --no-worker`), optionally RQ grading workers, over
a scratch PostgreSQL database and Redis (the test servers of scripts/test-services.sh), with the tiny-api challenge
of the test suite as the library. The candidate and API rate limits are lifted: every simulated user comes from
127.0.0.1, which a real season never does.

The season: ``assessments`` assessments of ``per_assessment`` candidates each, in the states a real season has
(invited, opened, started, submitted, graded), each with its timeline. Seeded with the ORM's bulk inserts for
speed; what has to be real is made by the services: the library, the assessments, and a git repository for every
started candidate (the git benchmark clones and pushes them).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta
from pathlib import Path
from typing import Any

import httpx

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))

from scale_check import (  # noqa: E402 - the scripts folder first
    ASSAY,
    CHALLENGE,
    Cluster,
    ensure_nginx,
    free_port,
    nginx_conf,
    scratch_database,
    test_services,
    wait_until,
)

# Of every 50 candidates of an assessment: the states of a season in full swing.
STATES = {"invited": 10, "opened": 10, "started": 5, "submitted": 5, "graded": 20}


@contextmanager
def scaled_stack(workers: int = 0, web: int = 2, **settings: str) -> Iterator[Cluster]:
    """nginx, ``web`` web processes and ``workers`` RQ workers on a scratch database; the cluster's URL is nginx's."""
    database_admin, redis_url = test_services()
    nginx = ensure_nginx()
    folder = Path(tempfile.mkdtemp(prefix="assay-bench-load-"))
    folder.chmod(0o755)  # nginx's workers run as nobody and must reach their temp folders inside
    web_ports, proxy_port = [free_port() for _ in range(web)], free_port()
    with scratch_database(database_admin) as database_url:
        shutil.copytree(CHALLENGE, folder / "library" / "tiny-api")
        env = {k: v for k, v in os.environ.items() if not k.startswith("ASSAY_") and k != "DJANGO_SETTINGS_MODULE"}
        env |= {
            "ASSAY_VAR_DIR": str(folder / "var"),
            "ASSAY_LIBRARY_DIR": str(folder / "library"),
            "ASSAY_SECRET_KEY": "bench-" + "k" * 60,
            "ASSAY_SITE_URL": f"http://127.0.0.1:{proxy_port}",
            "ASSAY_ALLOWED_HOSTS": "127.0.0.1",
            "ASSAY_LOG_LEVEL": "WARNING",
            "DATABASE_URL": database_url,
            "REDIS_URL": redis_url.rsplit("/", 1)[0] + "/8",
            "ASSAY_TASK_BACKEND": "rq",
            "ASSAY_CANDIDATE_RATE_LIMIT": "1000000",
            "ASSAY_API_RATE_LIMIT": "1000000",
            "GIT_TERMINAL_PROMPT": "0",
            **settings,
        }
        cluster = Cluster(folder, env, url=f"http://127.0.0.1:{proxy_port}")
        subprocess.run(["redis-cli", "-u", env["REDIS_URL"], "flushdb"], capture_output=True, check=False)
        try:
            cluster.assay("migrate", "--verbosity", "0")
            cluster.assay("challenges", "load")
            for n, port in enumerate(web_ports, 1):
                cluster.start(f"web-{n}", ASSAY, "serve", "--no-worker", "--no-demo", "--port", str(port))
            for n in range(1, workers + 1):
                cluster.start(f"worker-{n}", ASSAY, "worker")
            conf = nginx_conf(folder, proxy_port, web_ports)
            cluster.start("nginx", nginx, "-p", str(folder), "-c", str(conf), "-g", "daemon off;")
            for port in web_ports:
                wait_until(lambda p=port: httpx.get(f"http://127.0.0.1:{p}/healthz").status_code == 200, "web")
            wait_until(lambda: httpx.get(f"{cluster.url}/healthz").status_code == 200, "nginx")
            yield cluster
        finally:
            cluster.stop()
            shutil.rmtree(folder, ignore_errors=True)


def django_for(cluster: Cluster) -> None:
    """Set Django up in this process on the stack's settings, to seed and read its database directly."""
    os.environ.update(cluster.env)
    os.environ["DJANGO_SETTINGS_MODULE"] = "assay.settings"
    import django

    django.setup()


def seed_season(assessments: int = 20, per_assessment: int = 50) -> dict[str, Any]:
    """The season, and what the simulated users need to reach it: the owner's session cookie and API key, the
    assessments, the team's candidate pages, the candidates' own links and the started candidates' ids."""
    from django.test import Client

    from assay.accounts.access import Actor
    from assay.accounts.models import User
    from assay.accounts.roles import Role
    from assay.accounts.services import create_api_key, create_organization
    from assay.assessments.services import create_assessment
    from assay.challenges.models import Challenge

    owner = User.objects.create_user("owner@load.test", "load bench password")
    organization = create_organization("Load Bench", owner)
    actor = Actor(organization=organization, role=Role.OWNER, user=owner)
    challenge = Challenge.objects.get(slug="tiny-api")
    made = [
        create_assessment(
            actor,
            title=f"Backend hiring {n + 1}",
            challenge=challenge,
            stacks=["python"],
            time_limit_minutes=240,
            start_window_days=7,
        )
        for n in range(assessments)
    ]
    candidates = [c for assessment in made for c in _candidates(assessment, per_assessment)]
    client = Client()
    client.force_login(owner)
    return {
        "session_cookie": client.cookies["sessionid"].value,
        "api_key": create_api_key(actor, "load bench", Role.OWNER)[1],
        "assessments": [a.pk for a in made],
        **_links(candidates),
    }


def _candidates(assessment: Any, count: int) -> list[Any]:
    """``count`` candidates in the season's mix of states, with their timelines, submissions and repositories."""
    from django.utils import timezone

    from assay.assessments.models import Candidate, CandidateEvent

    now = timezone.now()
    states = [state for state, share in STATES.items() for _ in range(share * count // 50)]
    rows = Candidate.objects.bulk_create(
        Candidate(
            organization_id=assessment.organization_id,
            assessment=assessment,
            name=f"Candidate {assessment.pk}-{n}",
            email=f"c{assessment.pk}-{n}@load.test",
            state=state,
            invited_at=now - timedelta(days=3),
            start_by=now + timedelta(days=4),
            stack="" if state in ("invited", "opened") else "python",
            started_at=None if state in ("invited", "opened") else now - timedelta(hours=2),
            deadline=None if state in ("invited", "opened") else now + timedelta(hours=2),
            submitted_at=now - timedelta(hours=1) if state in ("submitted", "graded") else None,
        )
        for n, state in enumerate(states)
    )
    CandidateEvent.objects.bulk_create(
        CandidateEvent(candidate=c, kind=kind, detail=f"{kind} by the load bench", by="Assay")
        for c in rows
        for kind in ("invited", "opened", "started", "submitted")[: 1 + list(STATES).index(c.state) % 4]
    )
    _submissions(assessment, [c for c in rows if c.state in ("submitted", "graded")])
    _repositories(assessment, [c for c in rows if c.state == "started"])
    return rows


def _submissions(assessment: Any, candidates: list[Any]) -> None:
    """One real snapshot (the tiny-api solution) shared by every submission: graded ones carry a score."""
    from assay.assessments.models import Candidate
    from assay.submissions.models import Submission
    from assay.submissions.services import create_submission, snapshot_bytes

    version = assessment.challenge_version
    first = create_submission(
        organization=assessment.organization,
        challenge_version=version,
        stack="python",
        label="template",
        archive=snapshot_bytes(CHALLENGE / "solutions" / "python"),
    )
    made = Submission.objects.bulk_create(
        Submission(
            organization_id=assessment.organization_id,
            challenge_version=version,
            stack="python",
            label=f"{c.name} · {assessment.title}",
            archive=first.archive,
            archive_sha256=first.archive_sha256,
            archive_bytes=first.archive_bytes,
            commit="0" * 40,
            state="graded" if c.state == "graded" else "queued",
            score=60 + (c.pk % 40) if c.state == "graded" else None,
        )
        for c in candidates
    )
    first.delete()
    for candidate, submission in zip(candidates, made, strict=True):
        candidate.submission = submission
    Candidate.objects.bulk_update(candidates, ["submission"])


def _repositories(assessment: Any, candidates: list[Any]) -> None:
    """Started candidates get their real repository from the starter, as Start makes it."""
    from assay.assessments.models import Candidate
    from assay.repos import services as repos

    starter = assessment.challenge_version.package().starter_dir("python")
    for candidate in candidates:
        candidate.repository = repos.create_repository(
            assessment.organization, name=f"{assessment.title} - {candidate.name}", starter=starter
        )
    Candidate.objects.bulk_update(candidates, ["repository"])


def _links(candidates: list[Any]) -> dict[str, list[Any]]:
    from assay.assessments.links import token_for

    return {
        "candidates": [c.pk for c in candidates],
        # The candidate's own page, for those whose link shows it without changing anything (opened or later).
        "candidate_links": [f"/c/{token_for(c)}/" for c in candidates if c.state != "invited"],
        "started": [c.pk for c in candidates if c.state == "started"],
    }
