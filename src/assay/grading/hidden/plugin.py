"""pytest plugin that runs a challenge's hidden black-box tests against a candidate's service.

The grader loads it with::

    python -m pytest -p assay.grading.hidden.plugin <challenge>/grading/tests \\
        --assay-base-url=URL [--assay-database-url=URL] --assay-results=results.json

Contract for test authors:

* fixtures ``base_url`` (str), ``api`` (an ``httpx.Client`` bound to ``base_url`` whose
  exchanges are recorded as evidence), ``database_url`` (str or None) and ``db`` (a psycopg
  connection in autocommit mode; the test errors when the grader gave no database);
* ``@pytest.mark.skill("api_design")`` is required (one of the six skills) and
  ``@pytest.mark.weight(n)`` is optional (default 1). A test without a valid skill is not run
  and is reported as a collection error that names it.

The results file is the stable interface to the grading stage: see ``_write_results``.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Generator, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import pytest

# A copy of assay.challenges.skills.SKILLS: this plugin runs without Django (tests/grading/hidden checks the copy).
SKILLS = (
    "api_design",
    "database",
    "server_logic",
    "security",
    "performance",
    "integration",
)
RESULTS_VERSION = 1
BODY_LIMIT = 2048
EVIDENCE_EXCHANGES = 3
MESSAGE_LIMIT = 500
REDACTED_HEADERS = frozenset({"authorization", "proxy-authorization", "cookie", "set-cookie"})

_exchanges_key = pytest.StashKey[list[dict[str, Any]]]()
_outcome_key = pytest.StashKey["_TestOutcome"]()


@dataclass
class _TestOutcome:
    outcome: str = "passed"
    message: str = ""
    duration: float = 0.0
    phases: set[str] = field(default_factory=set)


@dataclass
class _Session:
    results_path: Path | None
    tests: list[dict[str, Any]] = field(default_factory=list)
    collection_errors: list[dict[str, str]] = field(default_factory=list)


_session_key = pytest.StashKey[_Session]()


def pytest_addoption(parser: pytest.Parser, pluginmanager: pytest.PytestPluginManager) -> None:
    # Hidden tests are black-box: they must never set up Django, and pytest-django's own `db`
    # fixture would shadow ours. `-p` plugins load before entry points, so blocking works here.
    pluginmanager.set_blocked("django")
    group = parser.getgroup("assay", "Assay hidden tests")
    group.addoption("--assay-base-url", default=None, help="URL of the service under test")
    group.addoption("--assay-database-url", default=None, help="URL of the service's database")
    group.addoption("--assay-results", default=None, help="where to write results.json")
    group.addoption("--assay-workspace", default=None, help="read-only copy of the candidate's files")


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "skill(name): the skill a hidden test measures (required)")
    config.addinivalue_line("markers", "weight(n): the weight of a hidden test (default 1)")
    results = config.getoption("--assay-results")
    state = _Session(results_path=Path(results) if results else None)
    config.stash[_session_key] = state
    config.pluginmanager.register(_CollectErrorRecorder(state), "assay-collect-errors")


# --- collection ---------------------------------------------------------------------------


def result_id(item: pytest.Item) -> str:
    """`test_rooms.py::test_name[param]`: stable whatever directory pytest was started from."""
    _, _, rest = item.nodeid.partition("::")
    return f"{item.path.name}::{rest}" if rest else item.nodeid


def _marker_problem(item: pytest.Item) -> str | None:
    skill = item.get_closest_marker("skill")
    if skill is None or not skill.args:
        return "has no @pytest.mark.skill(...) marker"
    if skill.args[0] not in SKILLS:
        return f"has unknown skill {skill.args[0]!r}; expected one of {', '.join(SKILLS)}"
    weight = item.get_closest_marker("weight")
    if weight is not None:
        value = weight.args[0] if weight.args else None
        if isinstance(value, bool) or not isinstance(value, int | float) or value <= 0:
            return f"has an invalid weight {value!r}; expected a positive number"
    return None


def pytest_collection_modifyitems(session: pytest.Session, config: pytest.Config, items: list[pytest.Item]) -> None:
    state = config.stash[_session_key]
    kept = []
    for item in items:
        problem = _marker_problem(item)
        if problem is None:
            kept.append(item)
        else:
            state.collection_errors.append({"id": result_id(item), "message": f"{result_id(item)} {problem}"})
    if len(kept) != len(items):
        config.hook.pytest_deselected(items=[i for i in items if i not in kept])
        items[:] = kept


class _CollectErrorRecorder:
    """Keeps files that failed to import or collect (pytest_collectreport has no config)."""

    def __init__(self, state: _Session) -> None:
        self.state = state

    def pytest_collectreport(self, report: pytest.CollectReport) -> None:
        if report.failed:
            message = _shorten(str(report.longrepr))
            self.state.collection_errors.append({"id": report.nodeid, "message": message})


# --- fixtures -----------------------------------------------------------------------------


@pytest.fixture(scope="session")
def base_url(pytestconfig: pytest.Config) -> str:
    url = pytestconfig.getoption("--assay-base-url")
    if not url:
        raise pytest.UsageError("--assay-base-url is required to run hidden tests")
    return str(url).rstrip("/")


@pytest.fixture(scope="session")
def database_url(pytestconfig: pytest.Config) -> str | None:
    url = pytestconfig.getoption("--assay-database-url")
    return str(url) if url else None


@pytest.fixture(scope="session")
def workspace(pytestconfig: pytest.Config) -> Path:
    """The candidate's submitted files (read them; never run them from a hidden test)."""
    path = pytestconfig.getoption("--assay-workspace")
    if not path:
        raise RuntimeError("this test reads the candidate's files but the grader gave no workspace")
    return Path(path)


@pytest.fixture
def api(base_url: str, request: pytest.FixtureRequest) -> Iterator[httpx.Client]:
    exchanges = request.node.stash.setdefault(_exchanges_key, [])

    def on_request(req: httpx.Request) -> None:
        exchanges.append({"request": _request_evidence(req), "response": None})

    def on_response(resp: httpx.Response) -> None:
        resp.read()
        for exchange in reversed(exchanges):
            if exchange["request"]["_id"] == id(resp.request):
                exchange["response"] = _response_evidence(resp)
                break

    hooks: dict[str, list[Callable[..., Any]]] = {"request": [on_request], "response": [on_response]}
    with httpx.Client(base_url=base_url, timeout=10, event_hooks=hooks) as client:
        yield client


@pytest.fixture
def db(database_url: str | None) -> Iterator[Any]:
    if not database_url:
        raise RuntimeError("this test inspects the database but the grader gave no database URL")
    import psycopg

    with psycopg.connect(database_url, autocommit=True, connect_timeout=10) as conn:
        yield conn


def _headers(headers: httpx.Headers) -> dict[str, str]:
    return {k: "[redacted]" if k.lower() in REDACTED_HEADERS else v for k, v in headers.multi_items()}


def _body(content: bytes) -> str:
    text = content[:BODY_LIMIT].decode("utf-8", errors="replace")
    if len(content) > BODY_LIMIT:
        text += f"… [truncated, {len(content)} bytes in all]"
    return text


def _request_evidence(req: httpx.Request) -> dict[str, Any]:
    try:
        content = req.content
    except httpx.RequestNotRead:
        content = b"<streamed body>"
    return {
        "_id": id(req),
        "method": req.method,
        "url": str(req.url),
        "headers": _headers(req.headers),
        "body": _body(content),
    }


def _response_evidence(resp: httpx.Response) -> dict[str, Any]:
    return {
        "status": resp.status_code,
        "headers": _headers(resp.headers),
        "body": _body(resp.content),
    }


# --- outcomes -----------------------------------------------------------------------------


def _shorten(text: str) -> str:
    text = text.strip()
    return text if len(text) <= MESSAGE_LIMIT else text[: MESSAGE_LIMIT - 1] + "…"


def _message(excinfo: pytest.ExceptionInfo[BaseException]) -> str:
    exc = excinfo.value
    if isinstance(exc, AssertionError):
        # Keep the author's sentence, drop pytest's rewritten "assert x == y" explanation.
        text = str(exc).split("\nassert ", 1)[0] or "assertion failed"
        return _shorten(text)
    if isinstance(exc, pytest.skip.Exception):
        return _shorten(getattr(exc, "msg", str(exc)))
    return _shorten(f"{type(exc).__name__}: {exc}")


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Generator[None, Any, None]:
    outcome = yield
    report: pytest.TestReport = outcome.get_result()
    result = item.stash.setdefault(_outcome_key, _TestOutcome())
    result.duration += report.duration
    if report.passed or result.outcome != "passed":
        return
    if report.skipped:
        result.outcome = "skipped"
        result.message = _shorten(str(report.longrepr[-1])) if isinstance(report.longrepr, tuple) else ""
    elif report.when == "call":
        result.outcome = "failed"
    else:
        result.outcome = "error"
    if call.excinfo is not None and not result.message:
        result.message = _message(call.excinfo)


def _record(item: pytest.Item) -> dict[str, Any]:
    result = item.stash.get(_outcome_key, _TestOutcome(outcome="error", message="did not run"))
    skill = item.get_closest_marker("skill")
    weight = item.get_closest_marker("weight")
    entry: dict[str, Any] = {
        "id": result_id(item),
        "name": _human_name(item),
        "skill": skill.args[0] if skill else None,
        "weight": weight.args[0] if weight and weight.args else 1,
        "outcome": result.outcome,
        "duration": round(result.duration, 4),
        "message": result.message,
        "evidence": [],
    }
    if result.outcome != "passed":
        exchanges = item.stash.get(_exchanges_key, [])[-EVIDENCE_EXCHANGES:]
        entry["evidence"] = [
            {
                "request": {k: v for k, v in ex["request"].items() if k != "_id"},
                "response": ex["response"],
            }
            for ex in exchanges
        ]
    return entry


def _human_name(item: pytest.Item) -> str:
    function = getattr(item, "function", None)
    doc = (getattr(function, "__doc__", None) or "").strip()
    name = doc.splitlines()[0].strip() if doc else getattr(item, "originalname", item.name)
    callspec = getattr(item, "callspec", None)
    return f"{name} [{callspec.id}]" if callspec is not None else name


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    state = session.config.stash[_session_key]
    state.tests = [_record(item) for item in session.items]
    _write_results(state)


def _write_results(state: _Session) -> None:
    """Write ``{"version": 1, "tests": [...], "collection_errors": [...]}`` to --assay-results."""
    if state.results_path is None:
        return
    payload = {
        "version": RESULTS_VERSION,
        "tests": state.tests,
        "collection_errors": state.collection_errors,
    }
    state.results_path.parent.mkdir(parents=True, exist_ok=True)
    tmp = state.results_path.with_suffix(state.results_path.suffix + ".tmp")
    tmp.write_text(json.dumps(payload, indent=2, ensure_ascii=False), encoding="utf-8")
    tmp.replace(state.results_path)
