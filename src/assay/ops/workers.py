"""Task workers: threads inside `assay serve` (embedded) or a process of its own (`assay worker`)."""

from __future__ import annotations

import logging
import os
import socket
import threading
from dataclasses import dataclass, field

from django.conf import settings
from django.db import close_old_connections, transaction
from django.utils.module_loading import import_string
from django_tasks_db.management.commands.db_worker import Worker

from assay.ops.services import start_heartbeat

logger = logging.getLogger("assay.worker")
QUEUES = ["default", "grading"]
# Housekeeping every pool runs now and then: each a dotted path to a function of no arguments.
MAINTENANCE = [
    "assay.grading.services.requeue_stale",
    "assay.assessments.services.close_overdue",
    "assay.assessments.services.send_reminders",
    "assay.live.services.close_idle",
]
MAINTENANCE_SECONDS = 30


@dataclass
class WorkerPool:
    """N database-queue workers on threads, plus one heartbeat for the pool."""

    size: int
    name: str = field(default_factory=lambda: f"{socket.gethostname()}-{os.getpid()}")
    _workers: list[Worker] = field(default_factory=list)
    _threads: list[threading.Thread] = field(default_factory=list)
    _stop: threading.Event = field(default_factory=threading.Event)

    def start(self) -> None:
        start_heartbeat(self.name, self._stop)
        threading.Thread(target=self._maintain, name="maintenance", daemon=True).start()
        for n in range(self.size):
            worker = Worker(
                queue_names=QUEUES,
                interval=0.5,
                batch=False,
                backend_name="default",
                startup_delay=False,
                max_tasks=None,
                worker_id=f"{self.name}-{n}"[:64],
                excluded_queue_names=[],
            )
            thread = threading.Thread(target=self._supervise, args=(worker,), name=f"task-worker-{n}", daemon=True)
            thread.start()
            self._workers.append(worker)
            self._threads.append(thread)
        logger.info("Started %d task worker thread(s) on the %s queue backend", self.size, settings.TASK_BACKEND)

    def _supervise(self, worker: Worker) -> None:
        """Run ``worker`` until stopped; an unexpected error (a locked database, say) restarts it, not ends it."""
        while worker.running and not self._stop.is_set():
            try:
                worker.run()
            except Exception:  # whatever broke, this thread must keep serving the queue
                logger.exception("Task worker %s failed; restarting it", worker.worker_id)
                self._stop.wait(1)
            finally:
                close_old_connections()

    def _maintain(self) -> None:
        jobs = [import_string(path) for path in MAINTENANCE]
        while not self._stop.wait(MAINTENANCE_SECONDS):
            for job in jobs:
                try:
                    with transaction.atomic():
                        job()
                except Exception:  # housekeeping must never stop the pool; the next round tries again
                    logger.exception("Maintenance job %s failed", job.__name__)
                finally:
                    close_old_connections()

    def stop(self, timeout: float = 30) -> None:
        """Let running tasks finish (up to ``timeout``), then return; unfinished work is picked up again later."""
        self._stop.set()
        for worker in self._workers:
            worker.running = False
        for thread in self._threads:
            thread.join(timeout / max(1, len(self._threads)))
