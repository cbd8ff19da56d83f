"""The `assay` command: Django's management commands with Assay's settings.

`assay serve`, `assay worker`, `assay grade`, `assay challenges …`, and every
standard command (`assay migrate`, `assay createsuperuser`, `assay check`).
"""

from __future__ import annotations

import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "assay.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
