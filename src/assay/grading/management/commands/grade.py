"""`assay grade PATH --challenge SLUG`: grade a local directory through the real pipeline."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from rich.console import Console

from assay.grading.pipeline import grade_directory
from assay.grading.render_cli import print_report, progress_printer


class Command(BaseCommand):
    help = "Grade a directory of candidate files against a challenge of the library, as a submission would be."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", type=Path, help="the candidate's files (a checkout of their repository)")
        parser.add_argument("--challenge", required=True, help="challenge slug, or a path to a challenge folder")
        parser.add_argument("--stack", help="python, node, go, java, sql (default: the challenge's first stack)")
        parser.add_argument("--json", action="store_true", help="print the report as JSON on stdout")

    def handle(self, *args: Any, **options: Any) -> None:
        from assay.challenges.package import load_package
        from assay.challenges.services import default_library_dir
        from assay.errors import InvalidInput

        source: Path = options["path"].resolve()
        if not source.is_dir():
            raise CommandError(f"{source} is not a directory. Give the folder of the candidate's repository.")
        folder = Path(options["challenge"])
        if not folder.is_dir():
            folder = default_library_dir() / options["challenge"]
        try:
            package = load_package(folder)
        except InvalidInput as error:
            raise CommandError(f"The challenge at {folder} cannot be used: {error}") from None
        stack = options["stack"] or package.stacks[0]
        console = Console(stderr=True)
        with progress_printer(console) as (on_event, on_stage):
            report = grade_directory(source, package, stack, on_event=on_event, on_stage=on_stage)
        if options["json"]:
            self.stdout.write(json.dumps(report.to_dict(), indent=2))
        else:
            print_report(Console(), report)
