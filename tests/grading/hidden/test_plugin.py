"""The hidden-test plugin, run the way the grader runs it, against a real tiny HTTP server."""

import json
import os
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from assay.challenges.skills import SEVERITIES, SKILLS

pytest_plugins = ("pytester",)


PYTHON_TRACE = b"""<pre>Traceback (most recent call last):
  File "/app/main.py", line 12, in create
    raise KeyError("tagList")
KeyError: 'tagList'</pre>"""
NODE_TRACE = (
    b'{"error": "TypeError: Cannot read properties of undefined",'
    b' "stack": "TypeError: x\\n    at createArticle (/app/src/routes/articles.js:41:17)\\n'
    b'    at Layer.handle [as handle_request] (/app/node_modules/express/lib/router/layer.js:95:5)"}'
)
BCRYPT = b'{"user": {"email": "a@b.c", "password": "$2b$12$' + b"K" * 53 + b'"}}'
COMPETENT = b'{"at": "2024-05-01T10:00:00Z", "message": "at least 3 characters", "path": "/app/x.js", "id": 1}'


class _Handler(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        if self.path == "/big":
            self._send(200, b"x" * 5000)
        elif self.path == "/py-trace":
            self._send(500, b"<html>" + b"padding " * 400 + PYTHON_TRACE)
        elif self.path == "/node-trace":
            self._send(400, NODE_TRACE)
        elif self.path == "/hash":
            self._send(200, BCRYPT)
        elif self.path == "/sql":
            self._send(400, b'{"detail": "syntax error at or near \\"OR\\""}')
        elif self.path == "/competent":
            self._send(200, COMPETENT)
        elif self.path == "/slow":
            time.sleep(0.3)
            self._send(200, b'{"ok": true}')
        elif self.path.startswith("/ok"):
            self._send(200, b'{"ok": true}')
        else:
            self._send(404, b'{"status": 404}')

    def do_POST(self) -> None:
        length = int(self.headers.get("content-length", 0))
        self._send(201, self.rfile.read(length))

    def _send(self, status: int, body: bytes) -> None:
        self.send_response(status)
        self.send_header("content-type", "application/json")
        self.send_header("content-length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def server_url() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def run_hidden(pytester: pytest.Pytester, server_url: str, *extra: str) -> dict:
    results = pytester.path / "results.json"
    pytester.runpytest(
        "-p",
        "assay.grading.hidden.plugin",
        "-p",
        "no:cacheprovider",
        f"--assay-base-url={server_url}",
        f"--assay-results={results}",
        *extra,
    )
    return json.loads(Path(results).read_text())


def by_id(results: dict) -> dict[str, dict]:
    return {t["id"]: t for t in results["tests"]}


def test_outcomes_names_skills_and_weights(pytester: pytest.Pytester, server_url: str) -> None:
    pytester.makepyfile(
        test_api="""
        import pytest

        @pytest.mark.skill("api_design")
        @pytest.mark.weight(3)
        def test_ok(api):
            '''The service answers /ok
            more text'''
            assert api.get("/ok").status_code == 200

        @pytest.mark.skill("server_logic")
        def test_wrong_status(api):
            resp = api.get("/missing")
            assert resp.status_code == 200, "GET /missing returned 404, expected 200"

        @pytest.fixture
        def broken():
            raise RuntimeError("fixture exploded")

        @pytest.mark.skill("security")
        def test_error(broken):
            pass

        @pytest.mark.skill("integration")
        def test_skipped():
            pytest.skip("not today")

        @pytest.mark.skill("database")
        @pytest.mark.parametrize("n", [1, 2])
        def test_param(n):
            assert n == 1
        """
    )
    tests = by_id(run_hidden(pytester, server_url))
    ok = tests["test_api.py::test_ok"]
    assert (ok["outcome"], ok["name"], ok["skill"], ok["weight"]) == (
        "passed",
        "The service answers /ok",
        "api_design",
        3,
    )
    assert ok["evidence"] == []
    wrong = tests["test_api.py::test_wrong_status"]
    assert (wrong["outcome"], wrong["weight"]) == ("failed", 1)
    assert wrong["message"] == "GET /missing returned 404, expected 200"
    assert tests["test_api.py::test_error"]["outcome"] == "error"
    assert "fixture exploded" in tests["test_api.py::test_error"]["message"]
    assert tests["test_api.py::test_skipped"]["outcome"] == "skipped"
    assert tests["test_api.py::test_param[1]"]["outcome"] == "passed"
    assert tests["test_api.py::test_param[2]"]["name"] == "test_param [2]"


def test_evidence_keeps_last_three_exchanges_redacted_and_truncated(pytester: pytest.Pytester, server_url: str) -> None:
    pytester.makepyfile(
        test_evidence="""
        import pytest

        @pytest.mark.skill("api_design")
        def test_many_calls(api):
            for n in range(3):
                api.get(f"/ok/{n}")
            api.post("/echo", json={"secret": "no"}, headers={"Authorization": "Bearer s3cret"})
            api.get("/big")
            assert False, "see the evidence"
        """
    )
    (test,) = run_hidden(pytester, server_url)["tests"]
    evidence = test["evidence"]
    assert [e["request"]["url"].rsplit("/", 1)[-1] for e in evidence] == ["2", "echo", "big"]
    post = evidence[1]
    assert post["request"]["method"] == "POST"
    assert post["request"]["headers"]["authorization"] == "[redacted]"
    assert "s3cret" not in json.dumps(test)
    assert post["response"]["status"] == 201 and post["response"]["body"] == '{"secret":"no"}'
    big = evidence[2]["response"]["body"]
    assert big.startswith("x" * 2048) and "truncated, 5000 bytes" in big and len(big) < 2200


def test_missing_or_unknown_skill_is_a_collection_error(pytester: pytest.Pytester, server_url: str) -> None:
    pytester.makepyfile(
        test_markers="""
        import pytest

        def test_unmarked():
            pass

        @pytest.mark.skill("charisma")
        def test_unknown_skill():
            pass

        @pytest.mark.skill("api_design")
        @pytest.mark.weight(0)
        def test_zero_weight():
            pass

        @pytest.mark.skill("api_design")
        def test_fine():
            pass
        """
    )
    results = run_hidden(pytester, server_url)
    assert [t["id"] for t in results["tests"]] == ["test_markers.py::test_fine"]
    errors = {e["id"]: e["message"] for e in results["collection_errors"]}
    assert "no @pytest.mark.skill" in errors["test_markers.py::test_unmarked"]
    assert "charisma" in errors["test_markers.py::test_unknown_skill"]
    assert "invalid weight" in errors["test_markers.py::test_zero_weight"]


def test_broken_test_file_is_a_collection_error(pytester: pytest.Pytester, server_url: str) -> None:
    pytester.makepyfile(test_broken="import nonexistent_module_xyz\n")
    results = run_hidden(pytester, server_url)
    assert results["tests"] == []
    assert "nonexistent_module_xyz" in results["collection_errors"][0]["message"]


def test_db_without_database_url_is_an_error(pytester: pytest.Pytester, server_url: str) -> None:
    pytester.makepyfile(
        test_db="""
        import pytest

        @pytest.mark.skill("database")
        def test_schema(db):
            pass
        """
    )
    (test,) = run_hidden(pytester, server_url)["tests"]
    assert test["outcome"] == "error"
    assert "no database URL" in test["message"]


def test_the_plugin_knows_the_skills_of_the_package_format_and_loads_without_django() -> None:
    """The plugin runs in a pytest the grader starts with ``-p no:django``: it keeps its own copy of the skills."""
    probe = (
        "import json, sys\n"
        "import assay.grading.hidden.plugin as plugin\n"
        "django = [m for m in sys.modules if m.startswith('django')]\n"
        "print(json.dumps({'skills': plugin.SKILLS, 'severities': plugin.SEVERITIES, 'django': django}))"
    )
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    result = subprocess.run([sys.executable, "-c", probe], env=env, capture_output=True, text=True, check=True)
    loaded = json.loads(result.stdout)
    assert tuple(loaded["skills"]) == SKILLS
    assert tuple(loaded["severities"]) == SEVERITIES
    assert loaded["django"] == []


def test_a_failing_fixture_blocks_its_tests_under_one_root_cause(pytester: pytest.Pytester, server_url: str) -> None:
    pytester.makepyfile(
        test_blocked="""
        import pytest

        @pytest.fixture
        def article(api):
            resp = api.get("/missing")
            assert resp.status_code == 201, (
                f"could not create an article with the brief's example request: answered {resp.status_code}"
            )

        @pytest.fixture
        def author(article):
            return "me"

        @pytest.fixture
        def clock():
            raise RuntimeError("the test's own bug")

        @pytest.mark.skill("security")
        @pytest.mark.severity("critical")
        def test_a(article):
            pass

        @pytest.mark.skill("server_logic")
        @pytest.mark.parametrize("n", [1, 2])
        def test_b(author, n):
            pass

        @pytest.mark.skill("server_logic")
        def test_c(clock):
            pass

        @pytest.mark.skill("api_design")
        def test_d(api):
            assert api.get("/ok").status_code == 200
        """
    )
    results = run_hidden(pytester, server_url)
    tests = by_id(results)
    (cause,) = results["root_causes"]
    assert cause["id"] == "article"
    assert cause["message"] == "could not create an article with the brief's example request: answered 404"
    assert cause["blocks"] == ["test_blocked.py::test_a", "test_blocked.py::test_b[1]", "test_blocked.py::test_b[2]"]
    assert [tests[i]["outcome"] for i in cause["blocks"]] == ["blocked"] * 3
    assert {tests[i]["blocked_by"] for i in cause["blocks"]} == {"article"}
    assert tests["test_blocked.py::test_a"]["severity"] == "critical"
    assert tests["test_blocked.py::test_d"]["severity"] == "medium"
    assert tests["test_blocked.py::test_c"]["outcome"] == "error", "a crash in a fixture is no behaviour of the service"


def test_an_unknown_severity_is_a_collection_error(pytester: pytest.Pytester, server_url: str) -> None:
    pytester.makepyfile(
        test_sev="""
        import pytest

        @pytest.mark.skill("security")
        @pytest.mark.severity("catastrophic")
        def test_x():
            pass
        """
    )
    results = run_hidden(pytester, server_url)
    assert results["tests"] == []
    assert "catastrophic" in results["collection_errors"][0]["message"]


def _responses(results: dict) -> dict[str, dict]:
    return {r["id"]: r for r in results["responses"]}


def test_every_response_is_checked_for_traces_sql_errors_hashes_and_5xx(
    pytester: pytest.Pytester, server_url: str
) -> None:
    pytester.makepyfile(
        test_leaks="""
        import pytest

        @pytest.mark.skill("api_design")
        def test_passes_but_leaks(api):
            for path in ("/ok", "/py-trace", "/node-trace", "/hash", "/sql", "/py-trace"):
                api.get(path)
        """
    )
    checks = _responses(run_hidden(pytester, server_url))
    trace = checks["responses.no_stack_traces"]
    assert (trace["outcome"], trace["severity"], trace["skill"]) == ("failed", "critical", "security")
    assert trace["message"].startswith("3 of 6 responses, first in test_leaks.py::test_passes_but_leaks")
    (exchange,) = trace["evidence"]
    assert exchange["request"]["url"].endswith("/py-trace") and exchange["response"]["status"] == 500
    assert checks["responses.no_password_hashes"]["outcome"] == "failed"
    assert checks["responses.no_sql_errors"]["outcome"] == "failed"
    server_errors = checks["responses.no_server_errors"]
    assert (server_errors["outcome"], server_errors["severity"]) == ("failed", "high")


def test_a_node_stack_alone_is_found_and_a_competent_body_raises_nothing(
    pytester: pytest.Pytester, server_url: str
) -> None:
    pytester.makepyfile(
        test_node="""
        import pytest

        @pytest.mark.skill("api_design")
        def test_node(api):
            api.get("/node-trace")
        """,
    )
    node = _responses(run_hidden(pytester, server_url))
    assert node["responses.no_stack_traces"]["outcome"] == "failed"
    assert node["responses.no_server_errors"]["outcome"] == "passed", "a 400 is no server error"


def test_a_competent_service_raises_no_flag(pytester: pytest.Pytester, server_url: str) -> None:
    pytester.makepyfile(
        test_clean="""
        import pytest

        @pytest.mark.skill("api_design")
        def test_clean(api):
            for path in ("/competent", "/ok", "/missing"):
                api.get(path)
        """,
    )
    checks = _responses(run_hidden(pytester, server_url))
    assert {c["outcome"] for c in checks.values()} == {"passed"}, checks
    assert checks["responses.no_stack_traces"]["message"] == "None of the 3 responses the hidden tests received."


def test_past_the_deadline_a_request_fails_and_the_tests_left_fail_unrun(
    pytester: pytest.Pytester, server_url: str
) -> None:
    pytester.makepyfile(
        test_slow="""
        import pytest

        @pytest.mark.skill("performance")
        def test_walks_a_slow_endpoint(api):
            for _ in range(20):
                assert api.get("/slow").status_code == 200

        @pytest.mark.skill("api_design")
        def test_after_it(api):
            assert api.get("/ok").status_code == 200
        """
    )
    results = run_hidden(pytester, server_url, "--assay-deadline=1")
    tests = by_id(results)
    for test_id in ("test_slow.py::test_walks_a_slow_endpoint", "test_slow.py::test_after_it"):
        assert tests[test_id]["outcome"] == "failed", tests[test_id]
        assert "the hidden tests' 1 seconds ran out" in tests[test_id]["message"]
    assert len(tests["test_slow.py::test_walks_a_slow_endpoint"]["evidence"]) > 0  # it ran until the deadline
    assert tests["test_slow.py::test_after_it"]["evidence"] == []  # never started
