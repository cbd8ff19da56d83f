"""The deployment files in deploy/ are valid for the tools that read them: systemd and nginx."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.ops.serving import ASSAY

DEPLOY = Path(__file__).parents[2] / "deploy"
INSTALLED_ASSAY = "/opt/assay/venv/bin/assay"
UNITS = ("assay-web.service", "assay-worker.service", "assay-scheduler.service")


def _require(tool: str) -> str:
    path = shutil.which(tool) or next((p for p in (f"/usr/sbin/{tool}", f"/usr/bin/{tool}") if Path(p).exists()), None)
    if path is None:
        pytest.skip(f"{tool} is not installed (scripts/system-packages.sh test installs it as root)")
    return path


def _units_here(tmp_path: Path) -> list[Path]:
    """The units with the installed command pointing at this checkout's (verify checks that it is executable)."""
    units = []
    for name in UNITS:
        text = (DEPLOY / "systemd" / name).read_text()
        assert INSTALLED_ASSAY in text, f"{name} does not start {INSTALLED_ASSAY}"
        (tmp_path / name).write_text(text.replace(INSTALLED_ASSAY, ASSAY))
        units.append(tmp_path / name)
    return units


def test_the_systemd_units_pass_systemd_analyze_verify(tmp_path: Path) -> None:
    tool = _require("systemd-analyze")
    units = _units_here(tmp_path)

    result = subprocess.run([tool, "verify", *map(str, units)], capture_output=True, text=True, check=False)

    assert result.returncode == 0, result.stderr
    assert "Unknown" not in result.stderr, result.stderr  # a misspelt directive is only a warning
    web = (tmp_path / "assay-web.service").read_text()
    assert "serve --no-worker" in web


def test_the_nginx_site_passes_nginx_t_with_tls_websockets_and_git_limits(tmp_path: Path) -> None:
    tool = _require("nginx")
    if os.geteuid() != 0:
        pytest.skip("nginx -t needs root here (it opens its log and pid files as the master process would)")
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=assay.example.com",
         "-keyout", str(tmp_path / "privkey.pem"), "-out", str(tmp_path / "fullchain.pem")],
        check=True, capture_output=True,
    )  # fmt: skip
    site = (DEPLOY / "nginx" / "assay.conf").read_text()
    (tmp_path / "assay.conf").write_text(site.replace("/etc/ssl/assay/", f"{tmp_path}/"))
    (tmp_path / "nginx.conf").write_text(
        f"pid {tmp_path}/nginx.pid;\nerror_log {tmp_path}/error.log;\nevents {{}}\n"
        f"http {{\n  access_log off;\n  include {tmp_path}/assay.conf;\n}}\n"
    )

    result = subprocess.run(
        [tool, "-t", "-p", str(tmp_path), "-e", str(tmp_path / "error.log"), "-c", str(tmp_path / "nginx.conf")],
        capture_output=True, text=True, check=False,
    )  # fmt: skip

    assert result.returncode == 0, result.stderr
    assert "test is successful" in result.stderr
    needed = ("proxy_set_header Upgrade", "proxy_request_buffering off", "client_max_body_size", "ssl_certificate")
    assert all(directive in site for directive in needed)
