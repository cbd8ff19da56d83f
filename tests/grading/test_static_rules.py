"""Each of Assay's semgrep rules finds its fault where it is, and leaves the usual correct code alone;
the complexity check names the function that is too complex or too long.

Every case is a risky file, whose faulty lines end with a FAULT comment, and a clean file doing the same
job correctly. Both trees are scanned once (semgrep starts slowly) and each case reads its own file.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest

from assay.grading.analyzers import complexity, semgrep
from assay.grading.analyzers.inventory import take_inventory
from assay.grading.report import Finding
from assay.grading.stages.static import judge


@dataclass(frozen=True)
class Case:
    rule: str
    path: str
    risky: str
    clean: str

    def faulty_lines(self) -> list[int]:
        return [n for n, line in enumerate(self.risky.splitlines(), 1) if line.rstrip().endswith("FAULT")]


CASES = {
    "stack trace in a response": Case(
        "security.error_details_leak",
        "errors.js",
        """\
app.use((err, req, res, next) => {
  res.status(500).send(err.stack); // FAULT
});
app.get("/rooms", async (req, res) => {
  try { res.json(await rooms()); } catch (e) {
    res.json({ title: "failed", stack: e.stack }); // FAULT
  }
});
""",
        """\
app.use((err, req, res, next) => {
  console.error(err.stack);
  res.status(500).json({ title: "Internal error", status: 500 });
});
""",
    ),
    "eval of input": Case(
        "security.code_injection",
        "calc.js",
        """\
app.post("/calc", (req, res) => {
  res.json({ value: eval(req.body.expression) }); // FAULT
});
app.post("/rule", (req, res) => {
  const rule = new Function("row", req.body.source); // FAULT
  res.json({ ok: rule({}) });
});
""",
        """\
app.post("/calc", (req, res) => {
  const { a, b } = JSON.parse(req.body.expression);
  res.json({ value: eval("1 + 1") + a + b });
});
""",
    ),
    "hard-coded JWT secret": Case(
        "secrets.hardcoded",
        "auth.js",
        """\
const jwt = require("jsonwebtoken");
function issue(user) { return jwt.sign({ sub: user.id }, "s3cr3t-signing-key", { expiresIn: "1h" }); } // FAULT
function check(token) { return jwt.verify(token, "s3cr3t-signing-key"); } // FAULT
""",
        """\
const jwt = require("jsonwebtoken");
function issue(user) { return jwt.sign({ sub: user.id }, process.env.JWT_SECRET, { expiresIn: "1h" }); }
function check(token) { return jwt.verify(token, process.env.JWT_SECRET); }
""",
    ),
    "Go SQL injection": Case(
        "security.sql_injection",
        "rooms.go",
        """\
package rooms

import (
	"context"
	"fmt"
)

func Find(ctx context.Context, db Pool, name string) error {
	_, err := db.Query(ctx, fmt.Sprintf("SELECT * FROM rooms WHERE name = '%s'", name)) // FAULT
	return err
}

func Delete(ctx context.Context, db Pool, id string) error {
	_, err := db.Exec(ctx, "DELETE FROM rooms WHERE id = "+id) // FAULT
	return err
}

func Legacy(db DB, name string) error {
	_, err := db.Query(fmt.Sprintf("SELECT * FROM rooms WHERE name = '%s'", name)) // FAULT
	return err
}

func Rename(ctx context.Context, db Pool, name string) error {
	_, err := db.Exec(ctx, "UPDATE rooms SET name = '"+name+"' WHERE id = 1") // FAULT
	return err
}

const roomColumns = "id, name, capacity"

func Sorted(ctx context.Context, db Pool, sort string) error {
	column := sort
	_, err := db.Query(ctx, "SELECT "+roomColumns+" FROM rooms ORDER BY "+column) // FAULT
	return err
}
""",
        """\
package rooms

import "context"

func Find(ctx context.Context, db Pool, name string) error {
	_, err := db.Query(ctx, "SELECT * FROM rooms WHERE name = $1", name)
	return err
}

func Delete(ctx context.Context, db Pool, id string) error {
	_, err := db.Exec(ctx, "DELETE FROM rooms WHERE id = $1", id)
	return err
}

// Constants joined into one statement are not values from a request.
const roomColumns = "id, name, capacity"

func Get(ctx context.Context, db Pool, id int64) error {
	_, err := db.Query(ctx, "SELECT "+roomColumns+" FROM rooms "+
		"WHERE id = $1", id)
	return err
}

func Lock(ctx context.Context, db Pool, id int64) error {
	_, err := db.Exec(ctx, "SELECT "+roomColumns+" FROM rooms WHERE id = $1"+" FOR UPDATE", id)
	return err
}
""",
    ),
    "Java SQL injection": Case(
        "security.sql_injection",
        "src/main/java/app/RoomRepository.java",
        """\
package app;

class RoomRepository {
    java.sql.ResultSet find(java.sql.Statement statement, String name) throws Exception {
        return statement.executeQuery("SELECT * FROM rooms WHERE name = '" + name + "'"); // FAULT
    }

    java.util.List<Room> search(org.springframework.jdbc.core.JdbcTemplate jdbc, String name) {
        return jdbc.query("SELECT * FROM rooms WHERE name LIKE " + name, new RoomMapper()); // FAULT
    }
}
""",
        """\
package app;

class RoomRepository {
    java.sql.ResultSet find(java.sql.Connection connection, String name) throws Exception {
        var statement = connection.prepareStatement("SELECT * FROM rooms WHERE name = ?");
        statement.setString(1, name);
        return statement.executeQuery();
    }

    java.util.List<Room> search(org.springframework.jdbc.core.JdbcTemplate jdbc, String name) {
        return jdbc.query("SELECT * FROM rooms WHERE name LIKE ?", new RoomMapper(), name);
    }
}
""",
    ),
    "weak password hash in Python": Case(
        "security.weak_password_hash",
        "app/users.py",
        """\
import hashlib


def store(password):
    return hashlib.sha256(password.encode()).hexdigest()  # FAULT


def check(user, password):
    return hashlib.md5(password).hexdigest() == user.digest  # FAULT
""",
        """\
import hashlib

from argon2 import PasswordHasher


def store(password):
    return PasswordHasher().hash(password)


def derive(password, salt):
    # Slow, salted key derivations are what the rule recommends, not what it flags.
    return hashlib.scrypt(password.encode(), salt=salt, n=2**14, r=8, p=1), hashlib.pbkdf2_hmac(
        "sha256", password.encode(), salt, 600_000
    )


def etag(body):
    return hashlib.sha256(body.encode()).hexdigest()
""",
    ),
    "weak password hash in JavaScript": Case(
        "security.weak_password_hash",
        "users.js",
        """\
const crypto = require("crypto");
function store(password) { return crypto.createHash("sha1").update(password).digest("hex"); } // FAULT
""",
        """\
const crypto = require("crypto");
const bcrypt = require("bcrypt");
function store(password) { return bcrypt.hash(password, 12); }
function etag(body) { return crypto.createHash("sha1").update(body).digest("hex"); }
""",
    ),
}


def _scan(root: Path, which: str) -> list[Finding]:
    for case in CASES.values():
        path = root / case.path
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(case.risky if which == "risky" else case.clean)
    return semgrep.scan(root, take_inventory(root).files)


@pytest.fixture(scope="module")
def scanned(tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[Finding]]:
    return {which: _scan(tmp_path_factory.mktemp(which), which) for which in ("risky", "clean")}


@pytest.mark.parametrize("name", CASES)
def test_the_rule_finds_each_faulty_line(scanned: dict[str, list[Finding]], name: str) -> None:
    case = CASES[name]
    found = sorted(f.line for f in scanned["risky"] if f.rule == case.rule and f.path == case.path)
    assert found == case.faulty_lines(), [f for f in scanned["risky"] if f.path == case.path]
    assert all(f.tool == "semgrep" and f.message for f in scanned["risky"] if f.path == case.path)


@pytest.mark.parametrize("name", CASES)
def test_the_rule_leaves_correct_code_alone(scanned: dict[str, list[Finding]], name: str) -> None:
    case = CASES[name]
    assert [f for f in scanned["clean"] if f.path == case.path] == []


BRANCHES = "".join(f"    if kind == {i}:\n        n += {i}\n" for i in range(20))
BRANCHY = "def route(kind, n):\n" + BRANCHES + "    return n\n"
SIMPLE = "def add(a, b):\n    return a + b\n"
LONG = "def setup(config):\n" + "".join(f"    config['key{i}'] = {i}\n" for i in range(130)) + "    return config\n"


def test_complexity_names_the_function_that_is_too_complex_and_the_one_too_long(tmp_path: Path) -> None:
    (tmp_path / "app").mkdir()
    (tmp_path / "app" / "routes.py").write_text(SIMPLE + "\n\n" + BRANCHY)
    (tmp_path / "app" / "config.py").write_text(LONG)
    findings, summary, _ = complexity.analyze(tmp_path, take_inventory(tmp_path).files)
    where = {(f.rule, f.path, f.line) for f in findings}
    assert where == {("complexity.high", "app/routes.py", 5), ("complexity.long_function", "app/config.py", 1)}
    high = next(f for f in findings if f.rule == "complexity.high")
    assert "route has a cyclomatic complexity of 21 (over 15)" in high.message
    assert summary["functions"] == 3 and summary["max_ccn"] == 21


def test_the_complexity_check_fails_on_a_too_complex_function_only(tmp_path: Path) -> None:
    verdicts = {}
    for name, source in (("simple", SIMPLE), ("long", LONG), ("branchy", BRANCHY)):
        root = tmp_path / name
        root.mkdir()
        (root / "app.py").write_text(source)
        (root / "test_app.py").write_text("def test_ok():\n    assert True\n")
        inventory = take_inventory(root)
        findings, _, _ = complexity.analyze(root, inventory.files)
        checks = judge(findings, inventory.test_files, len(inventory.files))
        verdicts[name] = next(c.passed for c in checks if c.id == "static.complexity")
    # A long but straight function is reported to the reviewer without failing the check.
    assert verdicts == {"simple": True, "long": True, "branchy": False}
