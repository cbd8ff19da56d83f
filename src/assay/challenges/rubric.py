"""A challenge's rubric: what reviewers score by hand, next to the graded report (docs/challenge-format.md).

``rubric.toml`` at the package root lists criteria, each with the skill it reflects and what a score of
1, 2, 3 and 4 looks like. A package without one gets a rubric of one criterion per declared skill, so a
scorecard can always be filled.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from pathlib import Path

from assay.challenges.hidden import SKILLS
from assay.errors import InvalidInput

RUBRIC_FILE = "rubric.toml"
LEVELS = 4
ID = re.compile(r"^[a-z][a-z0-9_]{0,39}$")
GENERIC_LEVELS = (
    "Missing or wrong in most places.",
    "Works in the simple cases; gaps a reviewer would send back.",
    "Sound, with minor gaps.",
    "Clear, complete and careful; nothing to add.",
)


@dataclass(frozen=True)
class Criterion:
    id: str
    title: str
    skill: str
    levels: tuple[str, ...]  # levels[0] describes a 1, levels[3] a 4


@dataclass(frozen=True)
class Rubric:
    criteria: tuple[Criterion, ...]
    written: bool  # False: the default one, derived from the challenge's skills

    def ids(self) -> list[str]:
        return [c.id for c in self.criteria]


def default_rubric(skills: list[str] | tuple[str, ...]) -> Rubric:
    criteria = [Criterion(s, s.replace("_", " ").capitalize(), s, GENERIC_LEVELS) for s in skills if s in SKILLS]
    return Rubric(tuple(criteria), written=False)


def load_rubric(root: Path, skills: list[str] | tuple[str, ...]) -> Rubric:
    """The package's rubric; InvalidInput naming each problem when ``rubric.toml`` is malformed."""
    path = root / RUBRIC_FILE
    if not path.is_file():
        return default_rubric(skills)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
        raise InvalidInput(f"{RUBRIC_FILE}: not valid TOML ({error}).") from None
    problems: list[str] = []
    criteria = [_criterion(i, table, problems) for i, table in enumerate(data.get("criteria") or [])]
    if not criteria:
        problems.append("give at least one [[criteria]] table")
    if len({c.id for c in criteria}) != len(criteria):
        problems.append("criterion ids must be unique")
    if problems:
        raise InvalidInput(f"{RUBRIC_FILE}: " + "; ".join(problems) + ".", fields={"rubric": problems})
    return Rubric(tuple(criteria), written=True)


def _criterion(index: int, table: object, problems: list[str]) -> Criterion:
    where = f"criteria[{index}]"
    if not isinstance(table, dict):
        problems.append(f"{where} must be a table")
        return Criterion(f"c{index}", "", "", ())
    cid, title, skill = str(table.get("id", "")), str(table.get("title", "")).strip(), str(table.get("skill", ""))
    levels = table.get("levels")
    if not ID.match(cid):
        problems.append(f"{where}.id must be lower-case letters, digits and _ (got {cid!r})")
    if not title:
        problems.append(f"{where}.title is required")
    if skill not in SKILLS:
        problems.append(f"{where}.skill must be one of {', '.join(SKILLS)}")
    if not (isinstance(levels, list) and len(levels) == LEVELS and all(isinstance(v, str) and v for v in levels)):
        problems.append(f"{where}.levels must be {LEVELS} descriptions, for a score of 1 to {LEVELS}")
        levels = ["", "", "", ""]
    return Criterion(cid, title, skill, tuple(levels))
