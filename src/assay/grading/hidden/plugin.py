"""pytest plugin that runs a challenge's hidden black-box tests against a candidate's service.

The grader loads it with::

    python -m pytest -p assay.grading.hidden.plugin <challenge>/grading/tests \\
        --assay-base-url=URL [--assay-database-url=URL] --assay-results=results.json

Contract for test authors:

* fixtures ``base_url`` (str), ``api`` (an ``httpx.Client`` bound to ``base_url`` whose
  exchanges are recorded as evidence), ``database_url`` (str or None) and ``db`` (a psycopg
  connection in autocommit mode; the test errors when the grader gave no database);
* ``page``: a Playwright page (fresh context, relative URLs go to ``base_url``) of Chromium sandboxed as
  the run's browser uid on the run's loopback only; ``axe(page)``: axe-core's violations on it
  (``browser.py``);
* ``provided``: the challenge's grader-provided services by name (``.url``, ``.calls()``,
  ``.reset()``, ``.control(method, path, payload)``; see ``provided.py``);
* ``worker``: the candidate's worker process (``.kill()``, ``.start()``, ``.running()``, ``.status()``;
  see ``worker.py``); the test errors when the repository declares no worker;
* ``@pytest.mark.skill("api_design")`` is required (one of the six skills);
  ``@pytest.mark.weight(n)`` (default 1) and ``@pytest.mark.severity("critical")`` (critical, high,
  medium or low; default medium) are optional. A test without a valid skill is not run and is
  reported as a collection error that names it;
* a fixture of the challenge whose setup fails (an assert or ``pytest.fail`` with a message naming
  the behaviour) makes every test using it **blocked**, grouped under one root cause (the fixture
  and its message) that the score counts once;
* every response the tests receive is checked for stack traces, database error text, password
  hashes and 5xx statuses (``responses.py``), each kind reported once with its first exchange.

The results file is the stable interface to the grading stage: see ``_write_results``.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Generator, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import pytest

from assay.grading.hidden.browser import _browser_context, axe, browser, page  # noqa: F401 - fixtures the plugin provides
from assay.grading.hidden.provided import ProvidedService
from assay.grading.hidden.provided import load as load_provided
from assay.grading.hidden.responses import ResponseAudit
from assay.grading.hidden.worker import WorkerControl

# A copy of assay.challenges.skills.SKILLS: this plugin runs without Django (tests/grading/hidden checks the copy).
SKILLS = (
    "api_design",
    "database",
    "server_logic",
    "security",
    "performance",
    "integration",
)
SEVERITIES = ("critical", "high", "medium", "low")
RESULTS_VERSION = 2
BODY_LIMIT = 2048
SCANNED_BODY_LIMIT = 1024 * 1024  # what the response audit reads of each body: bounded time per response
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
    blocked_by: tuple[str, str] | None = None  # (fixture, message) of the setup that failed


@dataclass
class _Session:
    results_path: Path | None
    tests: list[dict[str, Any]] = field(default_factory=list)
    collection_errors: list[dict[str, str]] = field(default_factory=list)
    audit: ResponseAudit = field(default_factory=ResponseAudit)
    root_causes: list[dict[str, Any]] = field(default_factory=list)
    deadline: float | None = None  # time.monotonic() past which no test starts and no request is sent
    out_of_time: str = ""

    def past_deadline(self) -> bool:
        return self.deadline is not None and time.monotonic() > self.deadline


class OutOfTime(AssertionError):
    """A request sent after the deadline: the test fails as the service's slowness, not as a crash."""


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
    group.addoption("--assay-provided", default=None, help="JSON file describing the grader-provided services")
    group.addoption(
        "--assay-deadline",
        default=None,
        type=float,
        help="seconds the tests may take in all; past them a request fails and the tests left fail unrun",
    )
    group.addoption("--assay-worker", default=None, help="control socket of the candidate's worker process")
    group.addoption("--assay-browser", default=None, help="launcher of the sandboxed browser for `page`")
    group.addoption("--assay-axe", default=None, help="axe-core's script, for `axe`")


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "skill(name): the skill a hidden test measures (required)")
    config.addinivalue_line("markers", "weight(n): the weight of a hidden test (default 1)")
    config.addinivalue_line("markers", "severity(level): critical, high, medium (default) or low")
    results = config.getoption("--assay-results")
    state = _Session(results_path=Path(results) if results else None)
    seconds = config.getoption("--assay-deadline")
    if seconds is not None:
        state.deadline = time.monotonic() + seconds
        state.out_of_time = (
            f"Not run to the end: the hidden tests' {seconds:.0f} seconds ran out, because the service answered "
            "too slowly for them all to run."
        )
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
    severity = item.get_closest_marker("severity")
    if severity is not None and (not severity.args or severity.args[0] not in SEVERITIES):
        level = severity.args[0] if severity.args else None
        return f"has an unknown severity {level!r}; expected one of {', '.join(SEVERITIES)}"
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


@pytest.fixture(scope="session")
def provided(pytestconfig: pytest.Config) -> dict[str, ProvidedService]:
    """The challenge's grader-provided services by name: `.url`, `.calls()`, `.reset()`, `.control(...)`."""
    return load_provided(pytestconfig.getoption("--assay-provided"))


@pytest.fixture(scope="session")
def worker(pytestconfig: pytest.Config) -> WorkerControl:
    """The candidate's worker process: `.kill()` (SIGKILL, the whole tree), `.start()`, `.running()`."""
    socket = pytestconfig.getoption("--assay-worker")
    if not socket:
        raise RuntimeError("this test controls the worker, but the repository declares none ([worker] in assay.toml)")
    return WorkerControl(str(socket))


@pytest.fixture
def api(base_url: str, request: pytest.FixtureRequest) -> Iterator[httpx.Client]:
    exchanges = request.node.stash.setdefault(_exchanges_key, [])
    state = request.config.stash[_session_key]
    audit = state.audit
    test_id = result_id(request.node)

    def on_request(req: httpx.Request) -> None:
        if state.past_deadline():
            raise OutOfTime(state.out_of_time)
        exchanges.append({"request": _request_evidence(req), "response": None})

    def on_response(resp: httpx.Response) -> None:
        resp.read()
        for exchange in reversed(exchanges):
            if exchange["request"]["_id"] == id(resp.request):
                exchange["response"] = _response_evidence(resp)
                shown = {"request": _without_id(exchange["request"]), "response": exchange["response"]}
                # The whole body, not the truncated evidence: a trace often starts after 2 KB of HTML.
                body = resp.content[:SCANNED_BODY_LIMIT].decode("utf-8", "replace")
                audit.observe(test_id, resp.status_code, body, shown)
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


def _without_id(request: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in request.items() if k != "_id"}


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


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_protocol(item: pytest.Item, nextitem: pytest.Item | None) -> bool | None:
    """Past the deadline a test is not started: it fails, said so, and the results are still written in time
    (a suite the sandbox kills at its wall-clock limit would leave no results at all)."""
    state = item.config.stash[_session_key]
    if not state.past_deadline():
        return None
    item.stash[_outcome_key] = _TestOutcome(outcome="failed", message=state.out_of_time)
    return True


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
    if report.when == "setup" and call.excinfo is not None:
        fixture = _failed_fixture(item, call.excinfo)
        if fixture is not None:
            result.outcome = "blocked"
            result.blocked_by = (fixture, result.message)


def _failed_fixture(item: pytest.Item, excinfo: pytest.ExceptionInfo[BaseException]) -> str | None:
    """The challenge's fixture whose setup refused the service (assert or pytest.fail), else None.

    Other exceptions, and failures in this plugin's own fixtures (no database URL), are errors of the
    test run, not behaviours of the service, so they are not blocking root causes.
    """
    if not isinstance(excinfo.value, AssertionError | pytest.fail.Exception):
        return None
    info = getattr(item, "_fixtureinfo", None)
    codes: dict[Any, str] = {}
    for name, defs in info.name2fixturedefs.items() if info else []:
        for fixturedef in defs:
            func = getattr(fixturedef.func, "__func__", fixturedef.func)
            if getattr(func, "__module__", None) != __name__ and hasattr(func, "__code__"):
                codes[func.__code__] = name
    for entry in reversed(excinfo.traceback):
        name = codes.get(entry.frame.code.raw)
        if name is not None:
            return name
    return None


def _record(item: pytest.Item, state: _Session) -> dict[str, Any]:
    result = item.stash.get(_outcome_key, _TestOutcome(outcome="error", message="did not run"))
    skill = item.get_closest_marker("skill")
    weight = item.get_closest_marker("weight")
    entry: dict[str, Any] = {
        "id": result_id(item),
        "name": _human_name(item),
        "skill": skill.args[0] if skill else None,
        "weight": weight.args[0] if weight and weight.args else 1,
        "severity": _severity(item),
        "outcome": result.outcome,
        "blocked_by": "",
        "duration": round(result.duration, 4),
        "message": result.message,
        "evidence": [],
    }
    if result.blocked_by is not None:
        entry["blocked_by"] = _root_cause(state, result.blocked_by, entry["id"])
    if result.outcome != "passed":
        exchanges = item.stash.get(_exchanges_key, [])[-EVIDENCE_EXCHANGES:]
        entry["evidence"] = [{"request": _without_id(ex["request"]), "response": ex["response"]} for ex in exchanges]
    return entry


def _severity(item: pytest.Item) -> str:
    marker = item.get_closest_marker("severity")
    return str(marker.args[0]) if marker is not None and marker.args else "medium"


def _root_cause(state: _Session, cause: tuple[str, str], test_id: str) -> str:
    """The id of the root cause (fixture, message), created on first sight; the test joins what it blocks."""
    fixture, message = cause
    for known in state.root_causes:
        if (known["fixture"], known["message"]) == cause:
            known["blocks"].append(test_id)
            return str(known["id"])
    same_fixture = sum(1 for known in state.root_causes if known["fixture"] == fixture)
    cause_id = fixture if not same_fixture else f"{fixture}#{same_fixture + 1}"
    state.root_causes.append({"id": cause_id, "fixture": fixture, "message": message, "blocks": [test_id]})
    return cause_id


def _human_name(item: pytest.Item) -> str:
    function = getattr(item, "function", None)
    doc = (getattr(function, "__doc__", None) or "").strip()
    name = doc.splitlines()[0].strip() if doc else getattr(item, "originalname", item.name)
    callspec = getattr(item, "callspec", None)
    return f"{name} [{callspec.id}]" if callspec is not None else name


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    state = session.config.stash[_session_key]
    state.tests = [_record(item, state) for item in session.items]
    _write_results(state)


def _write_results(state: _Session) -> None:
    """Write ``{"version": 2, "tests", "collection_errors", "root_causes", "responses"}`` to --assay-results.

    ``root_causes``: ``{"id", "fixture", "message", "blocks": [test ids]}``; ``responses``: one result per
    rule of responses.py, shaped like a test, empty when no response was received.
    """
    if state.results_path is None:
        return
    payload = {
        "version": RESULTS_VERSION,
        "tests": state.tests,
        "collection_errors": state.collection_errors,
        "root_causes": state.root_causes,
        "responses": state.audit.results(),
    }
    state.results_path.parent.mkdir(parents=True, exist_ok=True)
    tmp = state.results_path.with_suffix(state.results_path.suffix + ".tmp")
    tmp.write_text(json.dumps(payload, indent=2, ensure_ascii=False), encoding="utf-8")
    tmp.replace(state.results_path)
