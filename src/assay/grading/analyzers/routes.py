"""Routes: the routes declared in the code against the OpenAPI document the service served and the brief's contract.

Read after the service ran (the document is fetched from it), so the pipeline calls ``compare`` once the stages are
done. Code routes come from FastAPI/Flask decorators, Express ``app``/``router`` calls, Go ``HandleFunc``/mux and
chi patterns, and Spring ``@GetMapping``-style annotations (with the class's ``@RequestMapping`` prefix). Paths
are compared with their parameters blanked (``{id}``, ``:id``, ``<int:id>`` are one), and a mount prefix the
code leaves implicit (``app.use('/api', router)``) is allowed: a route matches a documented path it ends with.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

from assay.grading.analyzers.inventory import is_test_file
from assay.grading.report import Finding

NAME = "routes"
TITLE = "Routes against the OpenAPI document and the brief"
RULES = ""  # not a semgrep analyzer: the pipeline calls compare() once the service has served its document
SUFFIXES = frozenset({".py", ".js", ".mjs", ".cjs", ".ts", ".go", ".java"})
MISSING = "routes.documented_missing"
UNDOCUMENTED = "routes.undocumented"
QUESTIONS = {
    MISSING: "{message} Where did this route go, and how would a client of your API have found out?",
    UNDOCUMENTED: (
        "{where}: {message} Who is meant to call this route, and what keeps your OpenAPI document in step with "
        "the code?"
    ),
}
Operation = tuple[str, str]  # (METHOD, path)

_DECLARATIONS = [
    # FastAPI / Flask decorators, Express app/router calls, chi's r.Get: the method is the callee's name.
    # An empty path is a router's own root (FastAPI's @router.get("") under a prefix).
    re.compile(r"""[@.](get|post|put|patch|delete)\(\s*["'`](/[^"'`]*|)["'`]""", re.IGNORECASE),
    # Go 1.22 ServeMux patterns: "GET /rooms/{id}".
    re.compile(r"""Handle(?:Func)?\(\s*"(GET|POST|PUT|PATCH|DELETE)\s+(/[^"]*)\""""),
    # Spring: @GetMapping("/x") or @GetMapping(value = "/x") / path = "/x".
    re.compile(r"""@(Get|Post|Put|Patch|Delete)Mapping\(\s*(?:(?:value|path)\s*=\s*)?"(/?[^"]*)\""""),
]
_BARE_SPRING = re.compile(r"@(Get|Post|Put|Patch|Delete)Mapping\b(?!\()")
_CLASS_PREFIX = re.compile(r"""@RequestMapping\(\s*(?:(?:value|path)\s*=\s*)?"(/[^"]*)"\s*\)\s*(?:public\s+)?class""")
_ROUTER_PREFIX = re.compile(r"""(?:APIRouter|Blueprint)\([^)]*?(?:prefix|url_prefix)\s*=\s*["'](/[^"']*)["']""")
# Where routers are mounted: Express app.use('/prefix', router), FastAPI include_router(r, prefix="/prefix").
_MOUNT = re.compile(r"""(?:\.use\(\s*|include_router\([^)]*?prefix\s*=\s*)["'`](/[^"'`]*)["'`]""")
# A whole-number segment is an example id in a brief's concrete request (`GET /customers/42/orders?limit=20`,
# the load probe's), so it matches a parameter as `{id}` does.
_PARAMETER = re.compile(r"\{[^}]*\}|:\w+|<[^>]*>|(?<=/)\d+(?=/|$)")
_CONTRACT = re.compile(r"`(GET|POST|PUT|PATCH|DELETE) (/[^`\s]*)`")


def code_routes(root: Path, files: Iterable[Path]) -> dict[Operation, tuple[str, int]]:
    """Each (METHOD, path) the code declares, with where (the first declaration); a route of a router that may be
    mounted under a prefix is there under each prefix too (which router is mounted where is not traced)."""
    declared = _declared(root, files)
    mounts = {m.group(1).rstrip("/") for p in files if p.suffix in SUFFIXES for m in _MOUNT.finditer(_read(p))}
    found = dict(declared)
    for (method, path), where in declared.items():
        for mount in mounts:
            found.setdefault((method, mount + ("" if path == "/" else path)), where)
    return found


def _read(path: Path) -> str:
    return path.read_text("utf-8", "replace")


def _declared(root: Path, files: Iterable[Path]) -> dict[Operation, tuple[str, int]]:
    found: dict[Operation, tuple[str, int]] = {}
    for path in files:
        relative = str(path.relative_to(root))
        if path.suffix not in SUFFIXES or is_test_file(relative):
            continue
        text = _read(path)
        prefix = _prefix(text)
        for pattern in _DECLARATIONS:
            for match in pattern.finditer(text):
                route = (match.group(1).upper(), (prefix + "/" + match.group(2).strip("/")).rstrip("/") or "/")
                found.setdefault(route, (relative, text.count("\n", 0, match.start()) + 1))
        for match in _BARE_SPRING.finditer(text):
            found.setdefault(
                (match.group(1).upper(), prefix or "/"), (relative, text.count("\n", 0, match.start()) + 1)
            )
    return found


def _prefix(text: str) -> str:
    match = _CLASS_PREFIX.search(text) or _ROUTER_PREFIX.search(text)
    return match.group(1).rstrip("/") if match else ""


def contract(brief: str) -> set[Operation]:
    """The operations a brief names as `METHOD /path` in code spans (its endpoint tables)."""
    # The document itself is the framework's to serve (FastAPI, springdoc); the hidden tests check it is there.
    return {(method, path) for method, path in _CONTRACT.findall(brief) if path != "/openapi.json"}


def shape(path: str) -> str:
    return "/" + _PARAMETER.sub("{}", path.split("?")[0]).strip("/")


def _matches(operation: Operation, others: Iterable[Operation]) -> bool:
    method, path = operation[0], shape(operation[1])
    for other_method, other_path in others:
        other = shape(other_path)
        if method == other_method and (path == other or path.endswith(other) or other.endswith(path)):
            return True
    return False


def compare(root: Path, files: list[Path], served: list[Operation] | None, brief: str) -> list[Finding]:
    """Findings for the brief's operations the service neither serves nor declares, and for routes the code
    declares that the served document leaves out. ``served`` is None when the service served no document."""
    declared = code_routes(root, files)
    findings = []
    # Code that routes by hand (http.server's do_GET, a switch on the path) declares nothing this reads: with
    # neither declarations nor a document there is no evidence either way.
    documented = contract(brief) if declared or served else set()
    for operation in sorted(documented):
        if not _matches(operation, declared) and not _matches(operation, served or []):
            message = (
                f"The brief's contract has `{operation[0]} {operation[1]}`, but no route in the code declares it"
                + (" and the served OpenAPI document does not list it." if served is not None else ".")
            )
            findings.append(Finding(MISSING, "api_design", "medium", message, tool="assay"))
    if served:
        for operation, (where, line) in sorted(declared.items()):
            if operation[1] in ("/", "/openapi.json") or _matches(operation, served):
                continue
            if not _matches(operation, contract(brief)):
                message = (
                    f"`{operation[0]} {operation[1]}` is declared in the code but the served OpenAPI document "
                    "does not list it."
                )
                findings.append(
                    Finding(UNDOCUMENTED, "api_design", "low", message, path=where, line=line, tool="assay")
                )
    return findings
