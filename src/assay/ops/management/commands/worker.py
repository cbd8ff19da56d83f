"""`assay worker`: task workers in a process of their own, for the scaled mode."""

from __future__ import annotations

import signal
import threading
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser

from assay.ops.housekeeping import Housekeeper
from assay.ops.services import start_heartbeat
from assay.ops.workers import QUEUES, WorkerPool


class Command(BaseCommand):
    help = "Run background task workers (gradings, email, reminders) until stopped."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--concurrency", type=int, default=settings.ASSAY_WORKER_THREADS, help="Tasks run at once.")

    def handle(self, *args: Any, **options: Any) -> None:
        if settings.TASK_BACKEND == "rq":
            self.run_rq()
        else:
            self.run_database(options["concurrency"])

    def run_database(self, concurrency: int) -> None:
        pool = WorkerPool(size=concurrency)
        stopped = threading.Event()
        for sig in (signal.SIGINT, signal.SIGTERM):
            signal.signal(sig, lambda *_: stopped.set())
        pool.start()
        self.stdout.write(f"Task worker {pool.name} running {concurrency} at once on the database queue. Ctrl-C stops.")
        stopped.wait()
        self.stdout.write("Stopping: letting running tasks finish…")
        pool.stop()

    def run_rq(self) -> None:
        stop = threading.Event()
        start_heartbeat(f"rq-{threading.get_native_id()}", stop)
        Housekeeper().start(stop)  # one process of all holds the lease and does the housekeeping
        try:
            call_command("rqworker", *QUEUES, job_class="django_tasks_rq.Job")
        finally:
            stop.set()
