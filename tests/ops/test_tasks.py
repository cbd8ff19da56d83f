"""Background work through Django's tasks API: the database queue with Assay's worker pool, and RQ on Redis."""

from __future__ import annotations

import os
import time
import uuid
from pathlib import Path

import pytest
from django.core.management import call_command
from django_tasks import TaskResultStatus

from assay.ops.models import WorkerHeartbeat
from assay.ops.workers import WorkerPool
from tests.ops.tasks_for_tests import write_marker


def wait_for_file(path: Path, timeout: float = 20) -> None:
    # Poll the file, not the database: on the SQLite test database (shared-cache memory) a reader in this
    # thread would lock out the worker thread's writes.
    deadline = time.monotonic() + timeout
    while not path.exists() and time.monotonic() < deadline:
        time.sleep(0.05)


@pytest.mark.django_db(transaction=True)
def test_the_worker_pool_runs_a_task_from_the_database_queue(tmp_path: Path, settings: object) -> None:
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default", "grading"]}}  # type: ignore[attr-defined]
    marker = tmp_path / "marker.txt"
    result = write_marker.enqueue(str(marker), "graded")
    assert result.status == TaskResultStatus.READY
    assert not marker.exists()

    pool = WorkerPool(size=1, name=f"test-{uuid.uuid4().hex[:8]}")
    pool.start()
    try:
        wait_for_file(marker)
    finally:
        pool.stop(timeout=10)

    result.refresh()
    assert result.status == TaskResultStatus.SUCCESSFUL, result.errors
    assert result.return_value == "dedarg"
    assert marker.read_text() == "graded"
    assert WorkerHeartbeat.objects.filter(worker_id=pool.name).exists()


@pytest.mark.django_db(transaction=True)  # the worker closes connections between tasks, so no wrapping transaction
def test_db_worker_in_batch_mode_runs_what_is_queued_and_exits(tmp_path: Path, settings: object) -> None:
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default", "grading"]}}  # type: ignore[attr-defined]
    markers = [tmp_path / f"{n}.txt" for n in range(2)]
    results = [write_marker.enqueue(str(m), f"run {n}") for n, m in enumerate(markers)]

    call_command("db_worker", "--batch", "--queue-name", "default", "--interval", "0.1", "--no-startup-delay")

    for result, marker in zip(results, markers, strict=True):
        result.refresh()
        assert result.status == TaskResultStatus.SUCCESSFUL
        assert marker.read_text() == result.return_value[::-1]


@pytest.fixture
def redis_url() -> str:
    import redis

    url = os.environ.get("ASSAY_TEST_REDIS_URL", "")
    reason = ""
    if not url:
        reason = 'ASSAY_TEST_REDIS_URL is not set (eval "$(scripts/test-services.sh)" starts a Redis)'
    else:
        try:
            redis.Redis.from_url(url, socket_connect_timeout=2).ping()
        except redis.RedisError as error:
            reason = f"Redis at {url} is unreachable: {error}"
    if reason:
        if os.environ.get("CI") == "true":
            pytest.fail(f"CI needs a real Redis: {reason}")
        pytest.skip(reason)
    return url


@pytest.mark.django_db
def test_an_rq_worker_runs_a_task_enqueued_on_redis(tmp_path: Path, settings: object, redis_url: str) -> None:
    queue = f"assay-test-{uuid.uuid4().hex[:10]}"  # its own queue: other test runs may share this Redis
    # django-tasks-rq looks results up through the "default" connection, so it must be configured too.
    settings.RQ_QUEUES = {"default": {"URL": redis_url}, queue: {"URL": redis_url}}  # type: ignore[attr-defined]
    settings.TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": [queue]}}  # type: ignore[attr-defined]
    marker = tmp_path / "rq.txt"
    result = write_marker.using(queue_name=queue).enqueue(str(marker), "over redis")
    assert not marker.exists()

    call_command("rqworker", queue, burst=True, job_class="django_tasks_rq.Job", worker_class="rq.SimpleWorker")

    result.refresh()
    assert result.status == TaskResultStatus.SUCCESSFUL, result.errors
    assert result.return_value == "sider revo"
    assert marker.read_text() == "over redis"
