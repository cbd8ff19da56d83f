"""`assay scheduler`: housekeeping in a process of its own, for deployments that keep it apart from workers.

Every worker process runs housekeeping too; a lease lets one process at a time do it, so running a
scheduler beside them changes nothing but which process does the work.
"""

from __future__ import annotations

import signal
import threading
from typing import Any

from django.core.management.base import BaseCommand

from assay.ops.housekeeping import Housekeeper


class Command(BaseCommand):
    help = "Run housekeeping (re-queue lost gradings, close overdue candidates, reminders) until stopped."

    def handle(self, *args: Any, **options: Any) -> None:
        stopped = threading.Event()
        for sig in (signal.SIGINT, signal.SIGTERM):
            signal.signal(sig, lambda *_: stopped.set())
        keeper = Housekeeper()
        self.stdout.write(f"Housekeeping as {keeper.holder} every {keeper.interval} s. Ctrl-C stops.")
        keeper.run(stopped)
