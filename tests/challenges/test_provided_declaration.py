"""A challenge's `[[grading.provided]]` services: parsed, and refused with the file and field named."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from assay.challenges.package import PackageErrors, load_package

FIXTURE = Path(__file__).parents[1] / "grading" / "fixtures" / "tiny-upstream"


@pytest.fixture
def package_dir(tmp_path: Path) -> Path:
    return Path(shutil.copytree(FIXTURE, tmp_path / "tiny-upstream"))


def declare(root: Path, table: str) -> list[tuple[str, str, str]]:
    manifest = root / "challenge.toml"
    text = manifest.read_text()
    manifest.write_text(text[: text.index("[[grading.provided]]")] + table)
    with pytest.raises(PackageErrors) as caught:
        load_package(root)
    return [(e.path, e.field, e.message) for e in caught.value.errors]


def test_declared_service_is_parsed_with_its_url_variable(package_dir: Path) -> None:
    (quotes,) = load_package(package_dir).provided
    assert (quotes.name, quotes.command, quotes.port, quotes.ready) == ("quotes", ("quotes.py",), 9100, "/health")
    assert quotes.env_var == "ASSAY_SERVICE_QUOTES_URL"
    assert quotes.url == "http://127.0.0.1:9100"


def test_each_broken_field_is_named(package_dir: Path) -> None:
    errors = declare(
        package_dir,
        '[[grading.provided]]\nname = "Quotes!"\ncommand = "../../x.py"\nport = 8080\nready = "health"\n'
        'env = { lower = "x" }\nextra = 1\n',
    )
    fields = {field: message for path, field, message in errors if path == "challenge.toml"}
    assert set(fields) == {
        "grading.provided[0].extra",
        "grading.provided[0].name",
        "grading.provided[0].command",
        "grading.provided[0].port",
        "grading.provided[0].ready",
        "grading.provided[0].env.lower",
    }
    assert "inside grading/services/" in fields["grading.provided[0].command"]
    assert "taken by the candidate's service" in fields["grading.provided[0].port"]


def test_missing_program_and_duplicates_are_refused(package_dir: Path) -> None:
    table = '[[grading.provided]]\nname = "{n}"\ncommand = "{c}"\nport = {p}\n'
    errors = declare(
        package_dir,
        table.format(n="quotes", c="nowhere.py", p=9100)
        + table.format(n="quotes", c="quotes.py", p=9101)
        + table.format(n="other", c="quotes.py", p=9101),
    )
    assert ("challenge.toml", "grading.provided[0].command", "grading/services/nowhere.py does not exist") in errors
    assert ("challenge.toml", "grading.provided.name", "'quotes' is declared twice") in errors
    assert ("challenge.toml", "grading.provided.port", "9101 is declared twice") in errors


def test_a_program_that_is_neither_python_nor_executable_is_refused(package_dir: Path) -> None:
    (package_dir / "grading" / "services" / "upstream.sh").write_text("#!/bin/sh\n")
    errors = declare(package_dir, '[[grading.provided]]\nname = "up"\ncommand = ["upstream.sh", "-v"]\nport = 9100\n')
    assert errors == [
        (
            "challenge.toml",
            "grading.provided[0].command",
            "grading/services/upstream.sh is neither a .py script nor executable",
        )
    ]
