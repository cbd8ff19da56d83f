"""Settings come from the environment; production refuses unsafe ones and logs JSON."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from assay.env import env, envbool, envint, envlist
from tests.ops.serving import ASSAY, clean_env

GOOD_PRODUCTION = {
    "ASSAY_ENV": "production",
    "ASSAY_SECRET_KEY": "k3y-" + "x7Q9" * 12,
    "ASSAY_DEBUG": "0",
    "ASSAY_ALLOWED_HOSTS": "assay.example.com",
}


def run_assay(tmp_path: Path, *args: str, **environment: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [ASSAY, *args], env=clean_env(tmp_path, **environment), capture_output=True, text=True, timeout=60
    )


def test_production_with_unsafe_settings_refuses_and_names_every_problem(tmp_path: Path) -> None:
    result = run_assay(tmp_path, "check", ASSAY_ENV="production", ASSAY_DEBUG="1")

    assert result.returncode != 0
    for name in ("ASSAY_DEBUG", "ASSAY_SECRET_KEY", "ASSAY_ALLOWED_HOSTS"):
        assert name in result.stderr, result.stderr


@pytest.mark.parametrize(
    ("name", "bad"),
    [("ASSAY_DEBUG", "1"), ("ASSAY_SECRET_KEY", "too-short"), ("ASSAY_ALLOWED_HOSTS", "")],
)
def test_each_unsafe_production_setting_alone_is_refused(tmp_path: Path, name: str, bad: str) -> None:
    result = run_assay(tmp_path, "check", **{**GOOD_PRODUCTION, name: bad})

    assert result.returncode != 0
    assert name in result.stderr
    others = {"ASSAY_DEBUG", "ASSAY_SECRET_KEY", "ASSAY_ALLOWED_HOSTS"} - {name}
    assert not any(f"{other} is" in result.stderr for other in others)


def test_production_with_good_settings_passes_the_check(tmp_path: Path) -> None:
    result = run_assay(tmp_path, "check", **GOOD_PRODUCTION)

    assert result.returncode == 0, result.stderr


def test_a_secret_can_come_from_a_file(tmp_path: Path) -> None:
    secret = tmp_path / "secret"
    secret.write_text("k3y-" + "f1le" * 12 + "\n")

    result = run_assay(
        tmp_path,
        "shell",
        "-c",
        "from django.conf import settings; print(settings.SECRET_KEY)",
        **{
            **GOOD_PRODUCTION,
            "ASSAY_SECRET_KEY": "ignored-because-the-file-wins",
            "ASSAY_SECRET_KEY_FILE": str(secret),
        },
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == secret.read_text().strip()


def test_production_logs_one_json_object_per_line(tmp_path: Path) -> None:
    code = "import logging; logging.getLogger('assay.audit').warning('invited %s', 'x@example.test')"
    result = subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {code}"],
        env=clean_env(tmp_path, DJANGO_SETTINGS_MODULE="assay.settings", **GOOD_PRODUCTION),
        capture_output=True,
        text=True,
        timeout=60,
    )

    assert result.returncode == 0, result.stderr
    record = json.loads(result.stderr.strip().splitlines()[-1])
    assert record["message"] == "invited x@example.test"
    assert record["level"] == "WARNING"
    assert record["logger"] == "assay.audit"
    assert record["time"]


def test_development_logs_are_plain_lines(tmp_path: Path) -> None:
    code = "import logging; logging.getLogger('assay.audit').warning('hello')"
    result = subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {code}"],
        env=clean_env(tmp_path, DJANGO_SETTINGS_MODULE="assay.settings"),
        capture_output=True,
        text=True,
        timeout=60,
    )

    line = result.stderr.strip().splitlines()[-1]
    assert "WARNING assay.audit: hello" in line
    with pytest.raises(json.JSONDecodeError):
        json.loads(line)


# assay.env ----------------------------------------------------------------------------------


def test_env_reads_name_file_over_name(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "password").write_text("from-the-file\n")
    monkeypatch.setenv("ASSAY_SMTP_PASSWORD", "from-the-variable")
    assert env("ASSAY_SMTP_PASSWORD") == "from-the-variable"

    monkeypatch.setenv("ASSAY_SMTP_PASSWORD_FILE", str(tmp_path / "password"))

    assert env("ASSAY_SMTP_PASSWORD") == "from-the-file"


def test_env_helpers_parse_and_reject_clearly(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("X_FLAG", "Yes")
    monkeypatch.setenv("X_COUNT", " 42 ")
    monkeypatch.setenv("X_HOSTS", " a.example, ,b.example ")
    monkeypatch.setenv("X_BAD_FLAG", "maybe")
    monkeypatch.setenv("X_BAD_COUNT", "ten")

    assert envbool("X_FLAG") is True
    assert envbool("X_UNSET", default=True) is True
    assert envint("X_COUNT", 1) == 42
    assert envlist("X_HOSTS") == ["a.example", "b.example"]
    with pytest.raises(ValueError, match="X_BAD_FLAG"):
        envbool("X_BAD_FLAG")
    with pytest.raises(ValueError, match="X_BAD_COUNT"):
        envint("X_BAD_COUNT", 1)
