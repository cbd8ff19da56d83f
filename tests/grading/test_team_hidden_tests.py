"""A hiring team's hidden tests are untrusted code: graded for real, they can read nothing of the platform.

The probe below is a hidden test of a team's package. It tries to read the platform's settings, a secret
file, VAR_DIR and another organization's stored package, to reach the platform's PostgreSQL and Redis
on the host, and to find secrets in its environment; it fails listing whatever it managed. The same
package graded as shared library content (trusted) shows the probe does read the files when it can.
"""

from __future__ import annotations

import json
import os
import shutil
from dataclasses import replace
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.conf import settings

import assay.settings
from assay.challenges.models import ChallengeVersion
from assay.challenges.package import ChallengePackage, load_package
from assay.challenges.services import store_package
from assay.grading.context import StageLimits
from assay.grading.pipeline import grade_directory
from assay.grading.report import Report
from tests.conftest import make_organization
from tests.grading.conftest import TINY

pytestmark = [pytest.mark.sandbox, pytest.mark.django_db]

PROBE = '''
"""What a hostile hiring team's hidden test would try."""
import json
import os
import socket
from pathlib import Path

import pytest

FILES = json.loads({files!r})
PORTS = json.loads({ports!r})


@pytest.mark.skill("server_logic")
def test_platform_is_out_of_reach(api):
    """Nothing of the platform is within reach"""
    assert Path(__file__).read_text(), "the probe cannot read its own package"
    leaked = []
    for label, path in FILES.items():
        try:
            os.listdir(path) if Path(path).is_dir() else Path(path).read_bytes()
            leaked.append(label)
        except OSError:
            pass
    for label, port in PORTS.items():
        try:
            socket.create_connection(("127.0.0.1", port), 2).close()
            leaked.append(label)
        except OSError:
            pass
    leaked += [name for name in ("SECRET_KEY", "ASSAY_SECRET_KEY", "DATABASE_URL", "DJANGO_SETTINGS_MODULE")
               if name in os.environ]
    assert not leaked, "LEAKED " + ", ".join(leaked)
'''


def _port(url: str) -> int:
    parts = urlsplit(url)
    assert parts.hostname in ("127.0.0.1", "localhost"), url
    assert parts.port is not None, url
    return parts.port


@pytest.fixture
def var_dir(tmp_path: Path) -> Path:
    settings.VAR_DIR = tmp_path / "var"
    return settings.VAR_DIR


@pytest.fixture
def secret_file(tmp_path: Path) -> Path:
    """A platform secret as an operator keeps it: a .env file beside the platform."""
    env = tmp_path / "platform" / ".env"
    env.parent.mkdir()
    env.write_text("ASSAY_SECRET_KEY=not-for-a-hiring-team\n")
    return env


def _other_organization_file(tmp_path: Path) -> Path:
    other = make_organization("Other Hiring")
    store_package(load_package(TINY), organization=other)
    version = ChallengeVersion.objects.get(challenge__organization=other)
    return version.files_dir / "challenge.toml"


def _team_package(tmp_path: Path, probes: dict[str, str], ports: dict[str, int]) -> ChallengePackage:
    root = tmp_path / "team" / "tiny-api"
    shutil.copytree(TINY, root, ignore=shutil.ignore_patterns("__pycache__"))
    probe = PROBE.format(files=json.dumps(probes), ports=json.dumps(ports))
    (root / "grading" / "tests" / "test_probe.py").write_text(probe)
    team = make_organization("Acme Hiring")
    store_package(load_package(root), organization=team)
    return ChallengeVersion.objects.get(challenge__organization=team).package()


def _probe(report: Report) -> tuple[str, str]:
    check = next(c for c in report.checks if c.id.endswith("test_platform_is_out_of_reach"))
    return check.outcome, check.message


def test_a_teams_hidden_test_reaches_nothing_of_the_platform(
    tmp_path: Path, var_dir: Path, secret_file: Path, fast_limits: StageLimits
) -> None:
    other = _other_organization_file(tmp_path)
    probes = {
        "settings": assay.settings.__file__,
        "secret file": str(secret_file),
        "VAR_DIR": str(var_dir),
        "another organization's package": str(other),
    }
    ports = {
        "platform database": _port(os.environ["ASSAY_TEST_DATABASE_URL"]),
        "platform redis": _port(os.environ["ASSAY_TEST_REDIS_URL"]),
    }
    package = _team_package(tmp_path, probes, ports)
    assert package.untrusted
    source = package.solution_dir("python")
    assert source is not None

    sandboxed = grade_directory(source, package, "python", limits=fast_limits)
    stage = sandboxed.stage("hidden_tests")
    assert stage.summary == "5 of 5 hidden tests passed.", stage.log_tail
    assert _probe(sandboxed) == ("passed", "")

    # The control: as platform code (the shipped library) the same probe reads every file. (It joins the run's
    # network namespace too, so the host's ports are out of its reach as well.)
    trusted = grade_directory(source, replace(package, untrusted=False), "python", limits=fast_limits)
    outcome, message = _probe(trusted)
    assert outcome == "failed"
    for label in probes:
        assert label in message, message
