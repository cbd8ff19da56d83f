"""Running a hiring team's hidden tests sandboxed, as the run's grader uid.

The shipped library's hidden tests are platform code and run trusted (see `trusted.py`). A team's
package is code nobody running the platform has reviewed, so its tests run like a candidate's
process, as a uid of their own: no capabilities, their own PID namespace, the run's network
namespace only (the service and its private database, never the host's loopback), and a filesystem
of read-only /usr, the platform's virtualenv read-only (pytest, httpx), the hidden-tests plugin, a
copy of the package's grading folder and a read-only copy of the candidate's files. No VAR_DIR, no
settings, no environment of the platform's.
"""

from __future__ import annotations

import json
import os
import shutil
import stat
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import assay.grading.hidden
from assay.grading.context import GradingContext
from assay.grading.sandbox import ProcessResult
from assay.grading.sandbox.workspace import copy_tree

GRADER_HOME = "/grader"
SUBMISSION = "/submission"
RESULTS = "hidden-results.json"
HOME_MB = 256
# More than any honest results file; a bigger one is refused rather than read into memory.
MAX_RESULTS_BYTES = 16 * 1024 * 1024


@dataclass(frozen=True)
class GraderView:
    """Where the hidden-tests run finds things inside its sandbox, and where its results land on the host."""

    home: Path  # host side of GRADER_HOME
    python: str
    tests_dir: str
    grading_dir: str
    ini: str
    results: str
    workspace: str


def prepare(ctx: GradingContext) -> GraderView:
    """Give the grader uid its home: the grading folder, the plugin, an empty pytest configuration."""
    uid = ctx.sandbox.grader_uid
    home = ctx.sandbox.private_dir("grader", HOME_MB, uid)
    copy_tree(ctx.package.grading_dir, home / "grading", uid)
    _plugin_package(home / "lib", uid)
    ini = home / "pytest.ini"
    ini.write_text("[pytest]\n")
    os.chown(ini, uid, uid)
    return GraderView(
        home=home,
        python=sys.executable,
        tests_dir=f"{GRADER_HOME}/grading/tests",
        grading_dir=f"{GRADER_HOME}/grading",
        ini=f"{GRADER_HOME}/pytest.ini",
        results=f"{GRADER_HOME}/{RESULTS}",
        workspace=SUBMISSION,
    )


def run(ctx: GradingContext, view: GraderView, argv: list[str]) -> ProcessResult:
    """Run ``argv`` (pytest over the hidden tests, written with ``view``'s paths) in the grader's sandbox."""
    readonly = {ctx.sandbox.bind_host(ctx.source, readonly=True): SUBMISSION}
    for prefix in _python_prefixes():
        readonly[ctx.sandbox.bind_host(Path(prefix), readonly=True)] = prefix
    env = {"HOME": GRADER_HOME, "PYTHONPATH": f"{GRADER_HOME}/lib", "PYTHONDONTWRITEBYTECODE": "1"}
    return ctx.sandbox.run_tool(
        argv,
        uid=ctx.sandbox.grader_uid,
        writable={view.home: GRADER_HOME},
        readonly=readonly,
        env=env,
        limits=ctx.limits.trusted,
        network="none",
        cwd=GRADER_HOME,
    )


def _python_prefixes() -> list[str]:
    """The platform's interpreter and virtualenv (pytest, httpx), when they live outside /usr (always shown)."""
    prefixes = dict.fromkeys([sys.base_prefix, sys.prefix])
    return [p for p in prefixes if not Path(p).is_relative_to("/usr")]


def read_results(view: GraderView) -> dict[str, Any] | None:
    """The results file the plugin wrote, or None; never followed through a link the tests made."""
    try:
        fd = os.open(view.home / RESULTS, os.O_RDONLY | os.O_NOFOLLOW)
    except OSError:
        return None
    with os.fdopen(fd, "rb") as handle:
        st = os.fstat(handle.fileno())
        if not stat.S_ISREG(st.st_mode) or st.st_size > MAX_RESULTS_BYTES:
            return None
        try:
            results = json.loads(handle.read())
        except ValueError:
            return None
    return results if isinstance(results, dict) else None


def _plugin_package(lib: Path, uid: int) -> None:
    """Only the plugin's own modules, under their import names: never the rest of the platform's code."""
    plugin_dir = Path(assay.grading.hidden.__file__).parent
    shutil.copytree(plugin_dir, lib / "assay" / "grading" / "hidden", ignore=shutil.ignore_patterns("__pycache__"))
    for package in (lib / "assay", lib / "assay" / "grading"):
        (package / "__init__.py").write_text("")
    for path in [lib, *lib.rglob("*")]:
        os.chown(path, uid, uid)
