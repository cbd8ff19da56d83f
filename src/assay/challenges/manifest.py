"""Reading a package's TOML files: every problem collected with its file and field, so an author fixes them all in
one go (see `assay.challenges.package`)."""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

from assay.challenges import files
from assay.errors import InvalidInput


class PackageError(InvalidInput):
    """One problem of a package: the file (relative to the package) and the field it is in."""

    def __init__(self, path: str, field: str, message: str) -> None:
        where = f"{path}: {field}" if field else path
        super().__init__(f"{where}: {message}")
        self.path = path
        self.field = field
        self.message = message


class PackageErrors(InvalidInput):
    """Every problem found in a package (or a candidate's assay.toml); the package is refused."""

    def __init__(self, root: Path, errors: list[PackageError]) -> None:
        lines = "\n".join(f"  {e.detail}" for e in errors)
        super().__init__(
            f"{root} has {len(errors)} problem(s):\n{lines}",
            fields={f"{e.path}:{e.field}": [e.message] for e in errors},
        )
        self.root = root
        self.errors = errors


def subfolders(path: Path) -> list[str]:
    if not path.is_dir():
        return []
    return sorted(p.name for p in path.iterdir() if p.is_dir() and p.name not in files.IGNORED_NAMES)


class Problems:
    """Collects PackageErrors for one package."""

    def __init__(self) -> None:
        self.errors: list[PackageError] = []

    def add(self, path: str, field: str, message: str) -> None:
        self.errors.append(PackageError(path, field, message))


def read_toml(path: Path, rel: str, problems: Problems) -> dict[str, Any] | None:
    if not path.is_file():
        problems.add(rel, "", "is missing")
        return None
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except UnicodeDecodeError:
        problems.add(rel, "", "is not UTF-8 text")
    except tomllib.TOMLDecodeError as exc:
        # tomllib's message carries line and column.
        hint = " (a key is set twice; a [grading.load] table takes the load weight as `weight = n`)"
        problems.add(rel, "", f"is not valid TOML: {exc}{hint if 'overwrite' in str(exc) else ''}")
    return None


class Fields:
    """Typed reads of one TOML table, reporting wrong or missing values against ``rel``."""

    def __init__(self, table: dict[str, Any], rel: str, problems: Problems, prefix: str = "") -> None:
        self.table, self.rel, self.problems, self.prefix = table, rel, problems, prefix

    def bad(self, key: str, message: str) -> None:
        self.problems.add(self.rel, self.prefix + key, message)

    def unknown(self, allowed: frozenset[str]) -> None:
        for key in sorted(set(self.table) - allowed):
            self.bad(key, f"is not a known key; expected one of {', '.join(sorted(allowed))}")

    def text(self, key: str, *, required: bool = True, empty_ok: bool = False) -> str | None:
        value = self.table.get(key)
        if value is None:
            if required:
                self.bad(key, "is required")
            return None
        if not isinstance(value, str) or (not empty_ok and not value.strip()):
            self.bad(key, "must be a non-empty string" if not empty_ok else "must be a string")
            return None
        return value

    def choice(self, key: str, allowed: tuple[str, ...]) -> str | None:
        value = self.text(key)
        if value is not None and value not in allowed:
            self.bad(key, f"{value!r} is not one of {', '.join(allowed)}")
            return None
        return value

    def choices(self, key: str, allowed: tuple[str, ...], *, required: bool = True) -> tuple[str, ...]:
        value = self.table.get(key)
        if value is None:
            if required:
                self.bad(key, "is required")
            return ()
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            self.bad(key, "must be a list of strings")
            return ()
        unknown = [v for v in value if v not in allowed]
        if unknown:
            self.bad(key, f"unknown {', '.join(map(repr, unknown))}; expected some of {', '.join(allowed)}")
        if required and not value:
            self.bad(key, "must not be empty")
        if len(set(value)) != len(value):
            self.bad(key, "lists a value twice")
        return tuple(dict.fromkeys(v for v in value if v in allowed))

    def integer(self, key: str, *, minimum: int = 1, maximum: int | None = None) -> int | None:
        value = self.table.get(key)
        if value is None:
            self.bad(key, "is required")
            return None
        if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
            self.bad(key, f"must be a whole number >= {minimum}")
            return None
        if maximum is not None and value > maximum:
            self.bad(key, f"must be at most {maximum}")
            return None
        return value
