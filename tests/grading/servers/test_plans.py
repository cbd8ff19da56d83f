"""Query plans of the candidate's statements reach the host, with node types, relations and filters."""

from __future__ import annotations

from pathlib import Path

from assay.grading.sandbox import SandboxRun
from assay.grading.servers import start_postgres
from assay.grading.servers.plans import parse_entry, walk

PSQL = "/usr/lib/postgresql/15/bin/psql"
SCHEMA = (
    "create table orders(id int, customer int, note text); create index orders_id on orders(id);"
    "insert into orders select g, g % 7, 'n' from generate_series(1, 2000) g; analyze orders;"
)


def nodes_for(plans: list, fragment: str) -> list[dict]:
    return [node for p in plans if fragment in p["query"] for node in walk(p["plan"])]


def test_candidate_queries_arrive_as_plans(run: SandboxRun, pg_cache: Path) -> None:
    pg = start_postgres(run, pg_cache)
    run.run(f'{PSQL} "{pg.database_url}" -c "{SCHEMA}"')
    pg.reset_statistics()
    queries = "select * from orders where customer = 3; select * from orders where id = 42;"
    result = run.run(f'{PSQL} "{pg.database_url}" -c "{queries}"')
    assert result.ok, result
    plans = pg.plans(user="app")
    assert plans and all(p["user"] == "app" for p in plans)
    # Each plan carries the time auto_explain measured for it, as a number of milliseconds.
    assert all(isinstance(p["duration_ms"], float) and p["duration_ms"] > 0 for p in plans), plans
    assert not nodes_for(plans, "insert into")  # before the reset
    seq = [n for n in nodes_for(plans, "customer = 3") if n["Node Type"] == "Seq Scan"]
    assert seq and seq[0]["Relation Name"] == "orders" and seq[0]["Filter"] == "(customer = 3)"
    index = [n for n in nodes_for(plans, "id = 42") if n["Node Type"] == "Index Scan"]
    assert index and index[0]["Index Name"] == "orders_id" and index[0]["Index Cond"] == "(id = 42)"


def test_plan_logging_can_be_switched_off(run: SandboxRun, pg_cache: Path) -> None:
    pg = start_postgres(run, pg_cache)
    pg.log_plans(False)
    run.run(f'{PSQL} "{pg.database_url}" -c "select 1 as silent"')
    pg.log_plans(True)
    run.run(f'{PSQL} "{pg.database_url}" -c "select 2 as loud"')
    queries = [p["query"] for p in pg.plans(user="app")]
    assert any("loud" in q for q in queries) and not any("silent" in q for q in queries)


def test_log_lines_that_are_not_plans_or_not_json_are_ignored() -> None:
    assert parse_entry(b"not json") is None
    assert parse_entry(b'{"message": "duration: 1.0 ms  statement: select 1"}') is None
    assert parse_entry(b'{"message": "duration: 1.0 ms  plan:\\n{broken"}') is None
    line = b'{"user": "app", "message": "duration: 0.5 ms  plan:\\n{\\"Query Text\\": \\"q\\", \\"Plan\\": {}}"}'
    assert parse_entry(line) == {"query": "q", "plan": {}, "duration_ms": 0.5, "user": "app"}
