"""The database inspection's verdicts and the load probe's judgement against the reference solution.

Each variant of the tiny-db reference solution (a stdlib service keeping items in PostgreSQL) differs in
one way a reviewer cares about; all are graded once through the real pipeline, two at a time, and each
test reads the verdict it is named for.
"""

from __future__ import annotations

import shutil
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from assay.challenges.package import ChallengePackage, load_package
from assay.grading.pipeline import grade_directory, reference_load
from assay.grading.report import Check, Report

pytestmark = pytest.mark.sandbox

TINY_DB = Path(__file__).parent / "fixtures" / "tiny-db"
SOLUTION = TINY_DB / "solutions" / "python"
SCHEMA = (SOLUTION / "schema.sql").read_text()
APP = (SOLUTION / "app.py").read_text()

NO_KEYS = (
    SCHEMA.replace("id serial PRIMARY KEY,", "id serial,").replace(
        "list_id integer NOT NULL REFERENCES lists (id),", "list_id integer NOT NULL,"
    )
    + "CREATE INDEX IF NOT EXISTS items_id ON items (id);\n"
)  # lookups by id stay indexed: only keys are missing
UNINDEXED = SCHEMA.replace("CREATE INDEX IF NOT EXISTS items_list_id ON items (list_id);\n", "").replace(
    "CREATE INDEX IF NOT EXISTS items_status ON items (status);\n", ""
)
# The ids first, then one query per item (psql's \gexec runs each generated statement on its own).
ONE_QUERY_PER_ITEM = APP.replace(
    '''LIST = """SELECT coalesce(json_agg(json_build_object('id', id, 'name', name) ORDER BY id), '[]')
FROM items WHERE status = 'active';"""''',
    '''LIST = """SELECT format('SELECT json_build_object(''id'', id, ''name'', name) FROM items WHERE id = %s', id)
FROM items WHERE status = 'active' ORDER BY id \\\\gexec"""''',
).replace(
    "self._send(200, json.loads(sql(LIST)[0]))",
    "self._send(200, [json.loads(row) for row in sql(LIST)])",
)
# Every fourth listing fails; the hidden tests list once, the load probe sixty times.
FAILING = APP.replace(
    'elif self.path == "/items":\n',
    'elif self.path == "/items" and next(LISTINGS) % 4 == 3:\n'
    '            self._send(500, {"detail": "failed"})\n'
    '        elif self.path == "/items":\n',
).replace("HERE = Path(__file__).parent\n", "HERE = Path(__file__).parent\nLISTINGS = itertools.count()\n")
FAILING = FAILING.replace("import glob\n", "import glob\nimport itertools\n")

VARIANTS = {
    "reference": {},
    "no keys": {"schema.sql": NO_KEYS},
    "unindexed": {"schema.sql": UNINDEXED},
    "one query per item": {"app.py": ONE_QUERY_PER_ITEM},
    "failing under load": {"app.py": FAILING},
}


@pytest.fixture(scope="module")
def graded(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Report]:
    package: ChallengePackage = load_package(TINY_DB)
    # A replacement that no longer matches the solution would grade the reference under another name.
    assert SCHEMA not in (NO_KEYS, UNINDEXED) and APP not in (ONE_QUERY_PER_ITEM, FAILING), "a variant is stale"
    reference_load(package, "python")  # calibrate once, before the variants are judged against it
    folders = {}
    for name, files in VARIANTS.items():
        folder = tmp_path_factory.mktemp(name.replace(" ", "-"))
        shutil.copytree(SOLUTION, folder, dirs_exist_ok=True)
        for file, text in files.items():
            (folder / file).write_text(text)
        folders[name] = folder
    with ThreadPoolExecutor(max_workers=2) as pool:
        graded = pool.map(lambda folder: grade_directory(folder, package, "python"), folders.values())
        return dict(zip(folders, graded, strict=True))


def checks(report: Report, prefix: str) -> dict[str, Check]:
    return {c.id: c for c in report.checks if c.id.startswith(prefix)}


def outcomes(report: Report, prefix: str) -> dict[str, str]:
    return {check_id: c.outcome for check_id, c in checks(report, prefix).items()}


def test_the_reference_passes_every_database_and_load_check(graded: dict[str, Report]) -> None:
    report = graded["reference"]
    assert report.stage("hidden_tests").summary == "4 of 4 hidden tests passed.", report.stage("hidden_tests")
    assert outcomes(report, "database.") == {
        "database.schema_created": "passed",
        "database.primary_keys": "passed",
        "database.foreign_keys": "passed",
        "database.foreign_keys_indexed": "passed",
        "database.filters_indexed": "passed",
    }
    assert set(outcomes(report, "load.").values()) == {"passed"}, checks(report, "load.")
    assert "load.queries_per_request" in outcomes(report, "load.")


def test_a_table_without_a_primary_key_and_a_reference_without_a_foreign_key_are_named(
    graded: dict[str, Report],
) -> None:
    report = graded["no keys"]
    found = checks(report, "database.")
    assert found["database.primary_keys"].outcome == "failed"
    assert found["database.primary_keys"].message == "Without a primary key: items."
    assert found["database.foreign_keys"].outcome == "failed"
    assert found["database.foreign_keys"].message == (
        "Columns that look like references but have no foreign key: items.list_id."
    )
    # Only the keys: the lookups still use indexes.
    assert found["database.filters_indexed"].outcome == "passed"
    assert report.stage("database").status == "failed"


def test_a_filter_on_an_unindexed_column_and_an_unindexed_foreign_key_are_named(graded: dict[str, Report]) -> None:
    report = graded["unindexed"]
    found = checks(report, "database.")
    assert found["database.primary_keys"].outcome == "passed"
    assert found["database.foreign_keys"].outcome == "passed"
    assert found["database.filters_indexed"].outcome == "failed"
    assert found["database.filters_indexed"].message == "items is scanned in full to filter on status"
    assert "status = 'active'" in found["database.filters_indexed"].evidence[0].data["query"]
    assert found["database.foreign_keys_indexed"].outcome == "failed"
    assert "items.list_id" in found["database.foreign_keys_indexed"].message
    rules = {(f.rule, f.message.split(":")[0]) for f in report.findings if f.rule.startswith("db.")}
    assert rules == {
        ("db.missing_index", "Table items has no index on status, and a query filters on it."),
        ("db.unindexed_foreign_key", "Foreign key items.list_id has no index."),
    }
    missing = next(f for f in report.findings if f.rule == "db.missing_index")
    assert missing.question.startswith("Table `items` has no index on `status`, and this query filters on it: `")
    assert "status = 'active'" in missing.question and missing.evidence[0].kind == "query"


def test_one_query_per_listed_item_is_judged_against_the_reference(graded: dict[str, Report]) -> None:
    reference = checks(graded["reference"], "load.")["load.queries_per_request"]
    found = checks(graded["one query per item"], "load.")["load.queries_per_request"]
    assert reference.outcome == "passed" and reference.message.startswith("1.0 database queries per request")
    assert found.outcome == "failed"
    # The ids, then each of the ten seeded items and the two the hidden tests created: 13 against the reference's 1.
    assert found.message.startswith("13.0 database queries per request; the reference makes 1.0 (bound 3.0)")
    n_plus_one = next(f for f in graded["one query per item"].findings if f.rule == "perf.n_plus_one")
    assert n_plus_one.question.startswith("13.0 database queries per request")
    assert "Walk me through the queries one `GET /" in n_plus_one.question
    assert n_plus_one.evidence[0].data["queries_per_request"] == 13.0
    assert graded["one query per item"].stage("hidden_tests").summary == "4 of 4 hidden tests passed."


def test_errors_under_load_fail_the_probe_and_leave_speed_unjudged(graded: dict[str, Report]) -> None:
    found = checks(graded["failing under load"], "load.")
    assert found["load.no_errors"].outcome == "failed"
    assert "'500'" in found["load.no_errors"].message
    for check_id in ("load.latency_p95", "load.throughput"):
        assert found[check_id].outcome == "failed"
        assert found[check_id].message.endswith("Not judged: too many requests failed.")
    assert graded["failing under load"].stage("load").status == "failed"
