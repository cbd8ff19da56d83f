"""A challenge package on disk (docs/challenge-format.md), parsed and validated into frozen dataclasses.

`load_package` collects every problem of a package before refusing it, each naming the file and field,
so an author fixes them in one go. Nothing of a refused package is used.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from assay import stacks as stack_registry
from assay.challenges import files, patches
from assay.challenges.hidden import HiddenCheck, MarkerProblem, base_id, scan_module
from assay.challenges.manifest import Fields, PackageError, PackageErrors, Problems, read_toml, subfolders
from assay.challenges.provided import ProvidedService, parse_provided
from assay.challenges.rubric import RUBRIC_FILE, load_rubric
from assay.challenges.skills import SEVERITIES, SKILLS, SUITES
from assay.errors import InvalidInput

SCHEMA = 1
CATEGORIES = ("api", "database", "fullstack", "integration")
DIFFICULTIES = ("junior", "intermediate", "senior")
STACKS = stack_registry.names()  # the stack registry (assay.stacks): one module per candidate language
SERVICES = ("postgres", "redis")
HTTP_METHODS = ("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS")
MAX_LOAD_REQUESTS = 10_000
MAX_LOAD_CONCURRENCY = 64
CHALLENGE_KEYS = frozenset(
    {"schema", "slug", "title", "summary", "category", "skills", "difficulty", "suggested_minutes"}
    | {"stacks", "services", "grading", "starter"}
)
# "skeleton": the starter does nothing yet and must score low. "working": the starter is a working service the
# candidate improves (a rescue challenge): it must keep the behaviour checks and lose the performance ones.
STARTER_KINDS = ("skeleton", "working")
REPO_KEYS = frozenset({"setup", "start", "test", "services", "healthcheck", "worker"})
FLAW_KEYS = frozenset({"base", "summary", "skill", "severity", "must_fail", "must_find", "static_only"})


@dataclass(frozen=True)
class LoadProbe:
    requests: int
    concurrency: int
    method: str
    path: str


@dataclass(frozen=True)
class RepoConfig:
    """A candidate repository's assay.toml. ``start`` is None for a challenge with no service (SQL only)."""

    setup: str
    test: str
    start: str | None = None
    services: tuple[str, ...] = ()
    healthcheck: str | None = None
    worker: str | None = None  # ``[worker] command``: a process started beside the service, in its sandbox


@dataclass(frozen=True)
class FlawedVariant:
    """A known-bad variant (``flawed/<name>/``, its base a solution's stack) or a seeded flaw
    (``seeded/<name>/``, its base an alternative's name or a solution's stack): the base's files with ``patch``
    applied. A ``static_only`` seeded flaw is graded by the snapshot and static stages alone (no service)."""

    name: str
    summary: str
    base: str
    patch: Path
    must_fail: tuple[str, ...]
    must_find: tuple[str, ...] = ()
    skill: str = "server_logic"
    severity: str = "medium"
    seeded: bool = False
    static_only: bool = False

    @property
    def folder(self) -> str:
        return f"{'seeded' if self.seeded else 'flawed'}/{self.name}"

    @property
    def critical(self) -> bool:
        return self.severity == "critical"


@dataclass(frozen=True)
class Alternative:
    """An alternative reference solution, ``alternatives/<stack>-<framework>/``."""

    name: str
    stack: str


@dataclass(frozen=True)
class ChallengePackage:
    root: Path
    slug: str
    title: str
    summary: str
    category: str
    skills: tuple[str, ...]
    difficulty: str
    suggested_minutes: int
    stacks: tuple[str, ...]
    services: tuple[str, ...]
    weights: dict[str, float]
    load: LoadProbe | None
    content_hash: str
    manifest: dict[str, Any]
    hidden_checks: tuple[HiddenCheck, ...]
    flawed: tuple[FlawedVariant, ...] = field(default=())
    alternatives: tuple[Alternative, ...] = field(default=())
    seeded: tuple[FlawedVariant, ...] = field(default=())
    starter: str = "skeleton"
    # A hiring team's package: its grading code is untrusted and runs sandboxed (assay.grading.untrusted).
    untrusted: bool = False
    provided: tuple[ProvidedService, ...] = field(default=())

    @property
    def brief_path(self) -> Path:
        return self.root / "brief.md"

    @property
    def grading_dir(self) -> Path:
        return self.root / "grading"

    @property
    def hidden_tests_dir(self) -> Path:
        return self.root / "grading" / "tests"

    def starter_dir(self, stack: str) -> Path:
        if stack not in self.stacks:
            raise KeyError(f"{self.slug} has no starter for {stack!r}; stacks are {', '.join(self.stacks)}")
        return self.root / "starters" / stack

    def solution_dir(self, stack: str) -> Path | None:
        path = self.root / "solutions" / stack
        return path if path.is_dir() else None

    def solution_stacks(self) -> list[str]:
        return subfolders(self.root / "solutions")

    def alternative_dir(self, name: str) -> Path | None:
        path = self.root / "alternatives" / name
        return path if path.is_dir() else None

    def base_dir(self, variant: FlawedVariant) -> Path | None:
        """The files a flawed variant or seeded flaw starts from."""
        if variant.seeded:
            return self.alternative_dir(variant.base) or self.solution_dir(variant.base)
        return self.solution_dir(variant.base)

    def base_is_alternative(self, variant: FlawedVariant) -> bool:
        return variant.seeded and self.alternative_dir(variant.base) is not None

    def checks_per_skill(self) -> dict[str, int]:
        counts: dict[str, int] = {}
        for check in self.hidden_checks:
            counts[check.skill] = counts.get(check.skill, 0) + 1
        return {skill: counts[skill] for skill in SKILLS if skill in counts}

    def materialize_flawed(self, variant: FlawedVariant, dest: Path) -> Path:
        """Copy the variant's base into a fresh ``dest`` and apply its patch there; returns ``dest``.

        A patch that does not apply leaves no ``dest`` behind and raises PackageError naming the variant.
        """
        base = self.base_dir(variant)
        if base is None:
            where = "alternatives" if variant.seeded else "solutions"
            raise PackageError(f"{variant.folder}/flaw.toml", "base", f"no {where}/{variant.base}/")
        try:
            return patches.materialize(base, variant.patch, dest)
        except patches.PatchRefused as refused:
            raise PackageError(f"{variant.folder}/{patches.PATCH_FILE}", "", f"does not apply: {refused}") from None


# --- assay.toml -------------------------------------------------------------------------------


def _repo_config(path: Path, rel: str, problems: Problems) -> RepoConfig | None:
    table = read_toml(path, rel, problems)
    if table is None:
        return None
    before = len(problems.errors)
    f = Fields(table, rel, problems)
    f.unknown(REPO_KEYS)
    setup, test = f.text("setup", empty_ok=True), f.text("test", empty_ok=True)
    start = f.text("start", required=False)
    services = f.choices("services", SERVICES, required=False)
    healthcheck = f.text("healthcheck", required=False)
    if healthcheck is not None and not healthcheck.startswith("/"):
        f.bad("healthcheck", f"must be a path starting with '/', not {healthcheck!r}")
    worker = _worker_command(table.get("worker"), rel, problems)
    if len(problems.errors) > before or setup is None or test is None:
        return None
    return RepoConfig(setup, test, start, services, healthcheck, worker)


def _worker_command(worker: Any, rel: str, problems: Problems) -> str | None:
    """``[worker]`` holds one key, ``command``: the shell command of the worker process."""
    if worker is None:
        return None
    if not isinstance(worker, dict):
        problems.add(rel, "worker", 'must be a table: [worker] command = "..."')
        return None
    f = Fields(worker, rel, problems, "worker.")
    f.unknown(frozenset({"command"}))
    return f.text("command")


def parse_repo_config(path: Path) -> RepoConfig:
    """Read a candidate repository's assay.toml (``path`` is the file). Raises PackageErrors naming each problem."""
    problems = Problems()
    config = _repo_config(path, path.name, problems)
    if config is None:
        raise PackageErrors(path, problems.errors)
    return config


# --- challenge.toml ---------------------------------------------------------------------------


def _weights(grading: Any, problems: Problems) -> dict[str, float]:
    if not isinstance(grading, dict):
        problems.add("challenge.toml", "grading", "is required: a [grading] table of suite weights")
        return {}
    f = Fields(grading, "challenge.toml", problems, "grading.")
    f.unknown(frozenset(SUITES) | {"load", "provided"})
    weights: dict[str, float] = {}
    for suite in SUITES:
        value = grading.get(suite, 0)
        if suite == "load" and isinstance(value, dict):  # [grading.load] holds the probe and its weight
            value = value.get("weight", 0)
        if isinstance(value, bool) or not isinstance(value, int | float) or value < 0:
            f.bad(suite, f"must be a number >= 0, not {value!r}")
        else:
            weights[suite] = float(value)
    if len(weights) == len(SUITES) and not any(weights.values()):
        problems.add("challenge.toml", "grading", "needs at least one suite weight above 0")
    return weights


def _load_probe(table: Any, problems: Problems) -> LoadProbe | None:
    if table is None:
        return None
    if not isinstance(table, dict):
        problems.add("challenge.toml", "grading.load", "must be a table")
        return None
    f = Fields(table, "challenge.toml", problems, "grading.load.")
    f.unknown(frozenset({"weight", "requests", "concurrency", "method", "path"}))
    requests = f.integer("requests", maximum=MAX_LOAD_REQUESTS)
    concurrency = f.integer("concurrency", maximum=MAX_LOAD_CONCURRENCY)
    method = f.choice("method", HTTP_METHODS)
    path = f.text("path")
    if path is not None and not path.startswith("/"):
        f.bad("path", f"must start with '/', not {path!r}")
        path = None
    if requests is None or concurrency is None or method is None or path is None:
        return None
    return LoadProbe(requests=requests, concurrency=concurrency, method=method, path=path)


def _hidden_checks(root: Path, problems: Problems) -> list[HiddenCheck]:
    tests_dir = root / "grading" / "tests"
    modules = sorted(tests_dir.glob("test_*.py")) if tests_dir.is_dir() else []
    if not modules:
        problems.add("grading/tests", "", "has no test_*.py files: a challenge needs hidden tests")
    checks: list[HiddenCheck] = []
    for module in modules:
        rel = module.relative_to(root).as_posix()
        try:
            found = scan_module(module)
        except (SyntaxError, UnicodeDecodeError) as exc:
            problems.add(rel, "", f"cannot be parsed: {exc}")
            continue
        for item in found:
            if isinstance(item, MarkerProblem):
                problems.add(rel, item.test.split("::", 1)[1], item.message)
            else:
                checks.append(item)
    return checks


def _repo_folders(root: Path, kind: str, stacks: list[str], services: tuple[str, ...], problems: Problems) -> None:
    for stack in stacks:
        rel = f"{kind}/{stack}/assay.toml"
        if stack not in STACKS:
            problems.add(f"{kind}/{stack}", "", f"is not a known stack; expected one of {', '.join(STACKS)}")
            continue
        config = _repo_config(root / rel, rel, problems)
        extra = [s for s in config.services if s not in services] if config else []
        if extra:
            problems.add(rel, "services", f"uses {', '.join(extra)} which challenge.toml does not declare in services")


def _alternatives(
    root: Path, stacks: tuple[str, ...], services: tuple[str, ...], problems: Problems
) -> list[Alternative]:
    found = []
    for name in subfolders(root / "alternatives"):
        stack = name.split("-", 1)[0]
        if "-" not in name or stack not in stacks:
            problems.add(
                f"alternatives/{name}",
                "",
                f"must be named <stack>-<framework> with a stack of the challenge ({', '.join(stacks)}),"
                " for example python-flask",
            )
            continue
        rel = f"alternatives/{name}/assay.toml"
        config = _repo_config(root / rel, rel, problems)
        extra = [s for s in config.services if s not in services] if config else []
        if extra:
            problems.add(rel, "services", f"uses {', '.join(extra)} which challenge.toml does not declare in services")
        found.append(Alternative(name, stack))
    return found


def _variants(
    root: Path, folder: str, bases: list[str], skills: tuple[str, ...], checks: list[HiddenCheck], problems: Problems
) -> list[FlawedVariant]:
    """The flawed variants (``folder`` "flawed", bases are solutions) or seeded flaws ("seeded", bases are
    alternatives, then solutions)."""
    seeded = folder == "seeded"
    known = {check.id for check in checks}
    variants = []
    for name in subfolders(root / folder):
        rel = f"{folder}/{name}/flaw.toml"
        table = read_toml(root / rel, rel, problems)
        if table is None:
            continue
        f = Fields(table, rel, problems)
        f.unknown(FLAW_KEYS)
        base, summary = f.text("base"), f.text("summary")
        if base is not None and base not in bases:
            where = f"alternatives/{base}/ or solutions/{base}/" if seeded else f"solutions/{base}/"
            f.bad("base", f"names {base!r} but there is no {where}")
        skill, severity = f.choice("skill", SKILLS), f.choice("severity", SEVERITIES)
        if skill is not None and skill not in skills:
            f.bad("skill", f"{skill!r} is not a skill this challenge assesses ({', '.join(skills)} in challenge.toml)")
        # A seeded flaw is detected by a failing check or a raised finding; a flawed variant names its checks.
        must_fail = _names(f, "must_fail", required=not seeded)
        for test in must_fail:
            if base_id(test) not in known:
                f.bad("must_fail", f"names {test!r}, which is not a hidden test (expected test_file.py::test_name)")
        must_find = _names(f, "must_find", required=False)
        if seeded and not must_fail and not must_find:
            f.bad("must_fail", "a seeded flaw names at least one check in must_fail or one finding in must_find")
        static_only = _static_only(f, seeded, must_fail, must_find)
        base_root = _base_root(root, seeded, base) if base and base in bases else None
        patch = _flaw_patch(root, f"{folder}/{name}", base_root, problems)
        if base and summary and skill and severity:
            variants.append(
                FlawedVariant(
                    name, summary, base, patch, tuple(must_fail), tuple(must_find), skill, severity, seeded, static_only
                )
            )
    return variants


def _static_only(f: Fields, seeded: bool, must_fail: list[str], must_find: list[str]) -> bool:
    """Whether the flaw is judged by its static findings alone: then it names findings, and no check to fail."""
    value = f.table.get("static_only", False)
    if not isinstance(value, bool):
        f.bad("static_only", "must be true or false")
        return False
    if value and not seeded:
        f.bad("static_only", "only a seeded flaw can be static-only")
    elif value and (must_fail or not must_find):
        f.bad("static_only", "a static-only flaw names findings in must_find and no check in must_fail")
    return value


def _base_root(root: Path, seeded: bool, base: str) -> Path:
    if seeded and (root / "alternatives" / base).is_dir():
        return root / "alternatives" / base
    return root / "solutions" / base


def _flaw_patch(root: Path, variant: str, base_root: Path | None, problems: Problems) -> Path:
    """The variant's flaw.patch, checked against its base (when there is one) so drift is told at load time."""
    patch = root / variant / patches.PATCH_FILE
    base_rel = base_root.relative_to(root).as_posix() if base_root else "<base>"
    if (root / variant / "overlay").exists():
        problems.add(
            f"{variant}/overlay",
            "",
            "whole-file overlays are no longer read: write the flaw as flaw.patch, a diff against "
            f"{base_rel}/ (copy {base_rel}/ to a/ and to b/, copy overlay/ over b/, then run "
            f"`{patches.DIFF_COMMAND}` and move flaw.patch to {variant}/), and delete overlay/",
        )
    if not patch.is_file():
        problems.add(f"{variant}/{patches.PATCH_FILE}", "", "is missing: the diff that makes this variant flawed")
    elif base_root is not None:
        problem = patches.apply_problem(base_root, patch)
        if problem:
            problems.add(f"{variant}/{patches.PATCH_FILE}", "", f"does not apply to {base_rel}/: {problem}")
    return patch


def _names(f: Fields, key: str, *, required: bool) -> list[str]:
    value = f.table.get(key, None if required else [])
    if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
        f.bad(key, "must be a list of non-empty strings")
        return []
    if required and not value:
        f.bad(key, "must name at least one hidden test the flaw makes fail")
    return value


def _links(root: Path, problems: Problems) -> None:
    for link, why in files.unsafe_links(root):
        problems.add(link.relative_to(root).as_posix(), "", why)


def _brief(root: Path, problems: Problems) -> None:
    path = root / "brief.md"
    if not path.is_file():
        problems.add("brief.md", "", "is missing: the candidate's brief")
        return
    try:
        if not path.read_text(encoding="utf-8").strip():
            problems.add("brief.md", "", "is empty")
    except UnicodeDecodeError:
        problems.add("brief.md", "", "is not UTF-8 text")


def _rubric(root: Path, skills: tuple[str, ...], problems: Problems) -> None:
    """A malformed rubric.toml refuses the package, so a stored version's rubric always reads."""
    try:
        load_rubric(root, skills)
    except InvalidInput as error:
        for problem in (error.fields or {}).get("rubric") or [error.detail]:
            problems.add(RUBRIC_FILE, "", problem)


def load_package(root: Path, *, slug: str | None = None) -> ChallengePackage:
    """Parse and validate the package in ``root``; raises PackageErrors listing every problem.

    ``slug`` is what challenge.toml's slug must equal: the folder name unless given (a stored copy
    lives in a folder named after its content hash).
    """
    root = root.resolve()
    problems = Problems()
    if not root.is_dir():
        raise PackageErrors(root, [PackageError(str(root), "", "is not a folder")])
    _links(root, problems)
    if problems.errors:  # never read through a link that leaves the package
        raise PackageErrors(root, problems.errors)
    manifest = read_toml(root / "challenge.toml", "challenge.toml", problems) or {}
    package = _package(root, manifest, slug or root.name, problems) if manifest else None
    if problems.errors or package is None:
        raise PackageErrors(root, problems.errors)
    return package


def _package(root: Path, manifest: dict[str, Any], expected_slug: str, problems: Problems) -> ChallengePackage | None:
    f = Fields(manifest, "challenge.toml", problems)
    f.unknown(CHALLENGE_KEYS)
    if manifest.get("schema") != SCHEMA:
        f.bad("schema", f"must be {SCHEMA}, not {manifest.get('schema')!r}")
    slug = f.text("slug")
    if slug is not None and slug != expected_slug:
        f.bad("slug", f"{slug!r} must equal the folder name {expected_slug!r}")
    title, summary = f.text("title"), f.text("summary")
    category, difficulty = f.choice("category", CATEGORIES), f.choice("difficulty", DIFFICULTIES)
    skills = f.choices("skills", SKILLS)
    minutes = f.integer("suggested_minutes", maximum=60 * 24 * 7)
    stacks = f.choices("stacks", STACKS)
    services = f.choices("services", SERVICES, required=False)
    starter = f.choice("starter", STARTER_KINDS) if "starter" in manifest else "skeleton"
    grading = manifest.get("grading")
    weights = _weights(grading, problems)
    load = _load_probe(grading.get("load") if isinstance(grading, dict) else None, problems)
    provided = parse_provided(root, grading.get("provided") if isinstance(grading, dict) else None, problems.add)
    _brief(root, problems)
    _rubric(root, skills, problems)
    checks = _hidden_checks(root, problems)
    _repo_folders(root, "starters", list(stacks), services, problems)
    solutions = subfolders(root / "solutions")
    _repo_folders(root, "solutions", solutions, services, problems)
    flawed = _variants(root, "flawed", solutions, skills, checks, problems)
    alternatives = _alternatives(root, stacks, services, problems)
    seeded = _variants(root, "seeded", [a.name for a in alternatives] + solutions, skills, checks, problems)
    if problems.errors:
        return None
    assert slug and title and summary and category and difficulty and minutes
    return ChallengePackage(
        root=root,
        slug=slug,
        title=title,
        summary=summary,
        category=category,
        skills=skills,
        difficulty=difficulty,
        suggested_minutes=minutes,
        stacks=stacks,
        services=services,
        weights=weights,
        load=load,
        content_hash=files.content_hash(root),
        manifest=manifest,
        hidden_checks=tuple(checks),
        flawed=tuple(flawed),
        alternatives=tuple(alternatives),
        seeded=tuple(seeded),
        starter=starter or "skeleton",
        provided=provided,
    )
