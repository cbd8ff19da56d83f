"""Static analysis finds what a reviewer must see, and a candidate cannot switch it off or leave traces of it."""

from __future__ import annotations

from pathlib import Path

from assay.grading.analyzers import python_tools, secrets, semgrep
from assay.grading.analyzers.inventory import take_inventory
from assay.grading.stages.static import judge

JS_INJECTION = """
async function search(db, name) {
  return db.query(`SELECT * FROM rooms WHERE name = '${name}'`); // nosemgrep
}
async function safe(db, name) {
  return db.query("SELECT * FROM rooms WHERE name = $1", [name]);
}
"""
PY_INJECTION = """
def find(cursor, name):
    cursor.execute(f"SELECT * FROM rooms WHERE name = '{name}'")  # nosec  # noqa
"""
WEAK_HASH = """
const crypto = require("crypto");
function store(password) { return crypto.createHash("sha256").update(password).digest("hex"); }
"""


def _write(root: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text)
    return root


def _rules(root: Path) -> dict[str, set[str]]:
    files = take_inventory(root).files
    found = semgrep.scan(root, files) + python_tools.bandit(root, files) + secrets.scan(root, files)
    rules: dict[str, set[str]] = {}
    for finding in found:
        rules.setdefault(finding.rule, set()).add(finding.path)
    return rules


def test_sql_built_from_values_is_found_in_javascript_and_python_despite_suppression_comments(tmp_path: Path) -> None:
    root = _write(tmp_path, {"src/rooms.js": JS_INJECTION, "app/db.py": PY_INJECTION, ".semgrepignore": "src/\n"})
    rules = _rules(root)
    assert rules["security.sql_injection"] >= {"src/rooms.js", "app/db.py"}


def test_a_template_string_outside_a_query_is_not_sql(tmp_path: Path) -> None:
    server = "const port = process.env.PORT;\nconsole.log(`listening on 127.0.0.1:${port}`);\n"
    root = _write(tmp_path, {"server.js": server})
    assert "security.sql_injection" not in _rules(root)


def test_fast_password_digest_and_committed_keys_are_found(tmp_path: Path) -> None:
    key = "AKIA" + "ABCDEFGHIJKLMNOP"
    root = _write(tmp_path, {"users.js": WEAK_HASH, "config.py": f'AWS_KEY = "{key}"\n'})
    rules = _rules(root)
    assert rules["security.weak_password_hash"] == {"users.js"}
    assert "config.py" in rules["secrets.hardcoded"]


def test_clean_code_passes_every_static_check_and_risky_code_fails_its_own(tmp_path: Path) -> None:
    clean = 'async function safe(db, name) {\n  return db.query("SELECT * FROM rooms WHERE name = $1", [name]);\n}\n'
    root = _write(tmp_path / "clean", {"rooms.js": clean, "tests/test_rooms.py": "def test_ok():\n    assert True\n"})
    risky = _write(tmp_path / "risky", {"rooms.js": JS_INJECTION, "tests/test_rooms.py": "def test_ok(): pass\n"})
    verdicts = {}
    for name, folder in (("clean", root), ("risky", risky)):
        inventory = take_inventory(folder)
        findings = semgrep.scan(folder, inventory.files) + python_tools.ruff(folder, inventory.files)
        verdicts[name] = {c.id: c.passed for c in judge(findings, inventory.test_files, len(inventory.files))}
    assert all(verdicts["clean"].values()), verdicts["clean"]
    assert verdicts["risky"]["static.no_sql_injection"] is False
    assert {k for k, ok in verdicts["risky"].items() if not ok} == {"static.no_sql_injection"}


def test_analysis_leaves_nothing_behind_in_the_submission(tmp_path: Path) -> None:
    root = _write(tmp_path, {"src/rooms.js": JS_INJECTION, "app/db.py": PY_INJECTION})
    before = sorted(p.relative_to(root) for p in root.rglob("*"))
    _rules(root)
    python_tools.ruff(root, take_inventory(root).files)
    assert sorted(p.relative_to(root) for p in root.rglob("*")) == before
