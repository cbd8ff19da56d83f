"""`assay serve`: the embedded default in one process (web + task workers), or the web side alone."""

from __future__ import annotations

from typing import Any

import uvicorn
from django.conf import settings
from django.core.management import call_command, get_commands
from django.core.management.base import BaseCommand, CommandError, CommandParser
from rich.console import Console
from rich.panel import Panel

from assay.ops.services import DEMO_EMAIL, ensure_demo
from assay.ops.workers import WorkerPool


def debug_notice() -> str:
    if settings.DEBUG:
        return "[yellow]Debug is on (ASSAY_DEBUG=1): error pages show tracebacks. Never serve candidates so.[/yellow]"
    return "Debug is off: errors show a plain page and go to this log. For tracebacks in pages, set ASSAY_DEBUG=1."


class Command(BaseCommand):
    help = "Serve Assay: migrate, create the demo team on first start, start the web server and task workers."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument(
            "--no-worker", action="store_true", help="Serve the web side only; run `assay worker` elsewhere."
        )
        parser.add_argument("--no-demo", action="store_true", help="Do not create the demo organization.")
        parser.add_argument("--workers", type=int, default=settings.ASSAY_WORKER_THREADS, help="Task worker threads.")

    def handle(self, *args: Any, **options: Any) -> None:
        console = Console()
        with console.status("Applying database migrations…"):
            call_command("migrate", interactive=False, verbosity=0)
        url = f"http://{options['host']}:{options['port']}"
        console.print(f"Assay is running at {url}/")
        console.print(debug_notice())
        password = None if options["no_demo"] else ensure_demo()
        if password:
            console.print(
                Panel(
                    f"Sign in at {url}/login/\nemail:    {DEMO_EMAIL}\npassword: {password}\n\n"
                    "This password is shown once. Change it via 'Forgot your password?' if you lose it.",
                    title="Demo owner account",
                )
            )
        self.load_library(console)
        pool = None
        if not options["no_worker"] and settings.TASK_BACKEND == "database":
            pool = WorkerPool(size=options["workers"])
            pool.start()
        try:
            # log_config=None: Django's LOGGING governs uvicorn's loggers too, so its lines go through the same
            # handler and filters (a live socket's signed token is redacted) and its access lines stay quiet.
            uvicorn.run(
                "assay.asgi:application",
                host=options["host"],
                port=options["port"],
                log_level="info",
                log_config=None,
                lifespan="off",
            )
        finally:
            if pool is not None:
                pool.stop()

    def load_library(self, console: Console) -> None:
        """Load the challenge library (idempotent: unchanged challenges are not loaded again)."""
        if "challenges" in get_commands():
            try:
                with console.status("Loading the challenge library…"):
                    call_command("challenges", "load", verbosity=0)
            except CommandError as error:
                # A broken package must not keep the team out of everything else; the loader named what broke.
                console.print(f"[yellow]The challenge library was loaded in part: {error}. Serving anyway.[/yellow]")
