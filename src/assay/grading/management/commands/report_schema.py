"""`assay report_schema`: print the JSON Schema of grading reports (docs/report-schema.json is its output)."""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand

from assay.grading.report import json_schema


class Command(BaseCommand):
    help = "Print the JSON Schema of the grading report."

    def handle(self, *args: Any, **options: Any) -> None:
        self.stdout.write(json.dumps(json_schema(), indent=2, sort_keys=True))
