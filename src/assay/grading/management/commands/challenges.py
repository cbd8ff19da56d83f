"""`assay challenges load | list | show SLUG | validate [SLUG...] | import PATH --organization SLUG`: the
challenge library from the command line."""

from __future__ import annotations

import os
import tempfile
import threading
from pathlib import Path
from typing import Any, TextIO, cast

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction
from rich.console import Console
from rich.progress import Progress, SpinnerColumn, TaskID, TextColumn, TimeElapsedColumn
from rich.table import Column, Table
from rich.text import Text

from assay.accounts.access import Actor
from assay.accounts.models import Organization
from assay.accounts.roles import Role
from assay.challenges import imports, services
from assay.challenges.models import Challenge
from assay.challenges.package import SUITES, ChallengePackage, PackageErrors, load_package
from assay.errors import AssayError
from assay.grading import validation
from assay.grading import validation_render as render


class Command(BaseCommand):
    help = "Load, list, show and validate the challenge library."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--library", type=Path, default=None, help="The library folder (default: ASSAY_LIBRARY_DIR or challenges/)."
        )
        actions = parser.add_subparsers(dest="action", required=True)
        load = actions.add_parser("load", help="Load every package as a new version if it changed.")
        load.add_argument("slugs", nargs="*", metavar="SLUG")
        actions.add_parser("list", help="The loaded challenges.")
        show = actions.add_parser("show", help="One loaded challenge (never its hidden tests).")
        show.add_argument("slug", metavar="SLUG")
        check = actions.add_parser(
            "validate", help="Grade every solution, alternative, starter, flawed variant and seeded flaw."
        )
        check.add_argument("slugs", nargs="*", metavar="SLUG")
        imported = actions.add_parser(
            "import", help="Import a hiring team's own package (a folder, zip or tar) into its organization."
        )
        imported.add_argument("path", type=Path, metavar="PATH")
        imported.add_argument("--organization", required=True, metavar="SLUG", help="the organization's slug")
        check.add_argument(
            "--jobs", type=int, default=os.cpu_count() or 1, help="gradings at once (default: the number of cores)"
        )
        check.add_argument(
            "--repeat", type=int, default=1, help="grade each reference N times and print the spread of its scores"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        # Rich writes partial lines; Django's OutputWrapper would end each with a newline, so write beneath it.
        out = cast(TextIO, self.stdout._out)
        # Off a terminal (CI logs, files) tables take the width they need, not 80 columns.
        width = None if out.isatty() else 200
        self.console = Console(file=out, highlight=False, soft_wrap=True, width=width)
        library = options["library"] or services.default_library_dir()
        action = options["action"]
        if action == "load":
            self.load(library, options["slugs"])
        elif action == "list":
            self.list_challenges()
        elif action == "show":
            self.show(options["slug"])
        elif action == "import":
            self.import_package(options["path"], options["organization"])
        else:
            self.validate(library, options["slugs"], jobs=options["jobs"], repeat=options["repeat"])

    # --- load ---------------------------------------------------------------------------------

    def load(self, library: Path, slugs: list[str]) -> None:
        try:
            report = services.load_library(library, slugs or None)
        except PackageErrors as exc:
            raise CommandError(exc.detail) from exc
        for loaded in report.loaded:
            self.console.print(f"{loaded.slug}: {loaded.status} (version {loaded.content_hash[:12]})")
        for slug, errors in report.refused.items():
            self.console.print(Text(f"{slug}: refused, nothing of it was loaded:", style="red"))
            for error in errors:
                self.console.print(f"  {error.detail}", markup=False)
        if not report.ok:
            raise CommandError(f"{len(report.refused)} package(s) refused; fix them and load again")

    # --- import -------------------------------------------------------------------------------

    def import_package(self, path: Path, organization_slug: str) -> None:
        organization = Organization.objects.filter(slug=organization_slug).first()
        if organization is None:
            raise CommandError(f"There is no organization {organization_slug!r}.")
        # The operator acts as the organization's owner; the archive goes through every check an upload does.
        actor = Actor(organization=organization, role=Role.OWNER)
        try:
            with tempfile.TemporaryDirectory(prefix="assay-import-") as scratch, transaction.atomic():
                archive = imports.archive_folder(path, Path(scratch)) if path.is_dir() else path
                imported = imports.import_archive(actor, archive)
        except (AssayError, OSError) as exc:
            raise CommandError(getattr(exc, "detail", str(exc))) from exc
        version = imported.version
        self.console.print(
            f"{imported.loaded.slug}: {imported.loaded.status} in {organization.slug}"
            f" (version {version.content_hash[:12]}, {version.get_validation_display().lower()})"
        )

    # --- list / show --------------------------------------------------------------------------

    def list_challenges(self) -> None:
        table = Table(
            "slug", "title", "category", "difficulty", "stacks", "version", "owner", title="Challenge library"
        )
        for challenge in Challenge.objects.select_related("current_version", "organization"):
            v = challenge.current_version
            if v is None:
                continue
            # A team's own challenge names its organization and whether it may be used yet.
            owner = "shared" if challenge.organization is None else f"{challenge.organization.slug} ({v.validation})"
            table.add_row(
                challenge.slug, v.title, v.category, v.difficulty, ", ".join(v.stacks), v.content_hash[:12], owner
            )
        self.console.print(table)

    def show(self, slug: str) -> None:
        # The shared library's: a team's own challenge of the same slug is its organization's business.
        challenge = Challenge.objects.filter(organization=None, slug=slug, current_version__isnull=False).first()
        if challenge is None or challenge.current_version is None:
            raise CommandError(f"no loaded challenge {slug!r}; run `assay challenges load` first")
        v = challenge.current_version
        self.console.print(f"[bold]{v.title}[/bold] ({slug}, version {v.content_hash[:12]})\n{v.summary}")
        facts = Table.grid(padding=(0, 2))
        facts.add_row("category", v.category)
        facts.add_row("difficulty", v.difficulty)
        facts.add_row("suggested time", f"{v.suggested_minutes} min")
        facts.add_row("skills", ", ".join(v.skills))
        facts.add_row("stacks", ", ".join(v.stacks))
        facts.add_row("services", ", ".join(v.services) or "none")
        facts.add_row("hidden checks", ", ".join(f"{s}: {n}" for s, n in v.checks_per_skill.items()))
        facts.add_row("weights", ", ".join(f"{s} {v.weights[s]:g}" for s in SUITES if v.weights.get(s)))
        facts.add_row("versions", str(challenge.versions.count()))
        self.console.print(facts)
        self._show_package(v.package())

    def _show_package(self, package: ChallengePackage) -> None:
        self.console.print(f"solutions: {', '.join(package.solution_stacks()) or 'none'}")
        self.console.print(f"alternatives: {', '.join(a.name for a in package.alternatives) or 'none'}")
        table = Table(Column("flaw", no_wrap=True), "base", "skill", "severity", "summary", "must fail", "must find")
        for flaw in (*package.flawed, *package.seeded):
            table.add_row(
                flaw.folder,
                flaw.base,
                flaw.skill,
                flaw.severity,
                Text(flaw.summary),
                str(len(flaw.must_fail)),
                ", ".join(flaw.must_find),
            )
        self.console.print(table)

    # --- validate -----------------------------------------------------------------------------

    def validate(self, library: Path, slugs: list[str], *, jobs: int, repeat: int) -> None:
        if jobs < 1 or repeat < 1:
            raise CommandError("--jobs and --repeat take a whole number of at least 1")
        roots = [p for p in services.package_dirs(library) if not slugs or p.name in slugs]
        missing = sorted(set(slugs) - {p.name for p in roots})
        if missing:
            raise CommandError(f"no package folder for {', '.join(missing)} in {library}")
        verdicts: list[validation.Verdict] = []
        spreads: list[validation.Spread] = []
        refused = 0
        for root in roots:
            try:
                package = load_package(root)
            except PackageErrors as exc:
                refused += 1
                self.console.print(Text(f"{root.name}: refused\n{exc.detail}", style="red"))
                continue
            result = self._grade(package, jobs, repeat)
            verdicts += result.verdicts
            spreads += result.spreads
        render.print_results(self.console, verdicts, spreads)
        bad = [v for v in verdicts if not v.ok]
        # The closing line test runners print, so CI tools read the outcome the same way.
        count = f"validate: {len(verdicts) - len(bad)} passed, {len(bad) + refused} failed"
        if bad or refused:
            why = f"{len(bad)} of {len(verdicts)} gradings are off, {refused} package(s) refused"
            raise CommandError(f"{why}\n{count}")
        self.console.print(f"[green]All {len(verdicts)} gradings are as expected.[/green]")
        self.stdout.write(count)

    def _grade(self, package: ChallengePackage, jobs: int, repeat: int) -> validation.Validation:
        columns = (SpinnerColumn(), TextColumn("{task.description}"), TimeElapsedColumn())
        with Progress(*columns, console=self.console, transient=False) as progress:
            tasks: dict[validation.Subject, TaskID] = {}
            # Each grading runs on one worker thread from start to done; a repeated subject has several.
            current = threading.local()

            def on_subject(subject: validation.Subject) -> None:
                current.task = tasks[subject] = progress.add_task(f"{package.slug}: {subject.label}", total=None)

            def on_event(subject: validation.Subject, stage: str, message: str) -> None:
                # Static analysis reports from a thread of its own: the subject's latest grading then.
                task = getattr(current, "task", None) or tasks.get(subject)
                if task is not None:
                    text = f"{package.slug}: {subject.label}: {stage}: {message}"
                    progress.update(task, description=text[:120])

            def on_done(subject: validation.Subject, outcome: str) -> None:
                # Stopped, its clock shows how long this grading took.
                progress.update(current.task, description=f"{package.slug}: {subject.label}: {outcome}"[:120])
                progress.stop_task(current.task)

            return validation.validate_package(
                package, jobs=jobs, repeat=repeat, on_subject=on_subject, on_event=on_event, on_done=on_done
            )
