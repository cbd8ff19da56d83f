"""Private PostgreSQL and Redis live on the run's loopback only."""

from __future__ import annotations

import sys
from pathlib import Path

import psycopg

from assay.grading.sandbox import SandboxRun
from assay.grading.servers import start_postgres, start_redis

PSQL = "/usr/lib/postgresql/15/bin/psql"


def test_private_postgres_serves_candidate_and_trusted_side(run: SandboxRun, pg_cache: Path) -> None:
    pg = start_postgres(run, pg_cache)
    env = {"DATABASE_URL": pg.database_url}
    sql = "create table t(x int); insert into t values (42); select current_user"
    result = run.run(f'{PSQL} "$DATABASE_URL" -Atc "{sql}"', env=env)
    assert result.stdout.strip().splitlines()[-1] == "app", result
    with psycopg.connect(pg.trusted_conninfo()) as conn:
        assert conn.execute("select x from t").fetchone() == (42,)
        assert conn.execute("show shared_preload_libraries").fetchone() == ("pg_stat_statements,auto_explain",)
        # The candidate's own statements are counted, under the candidate's role: the load stage reads them.
        counted = conn.execute(
            "select s.calls from pg_stat_statements s join pg_roles r on r.oid = s.userid "
            "where r.rolname = 'app' and s.query ilike 'insert into t values%'"
        ).fetchall()
        assert counted == [(1,)], counted
    script = "import psycopg, sys\nprint(psycopg.connect(sys.argv[1]).execute('select count(*) from t').fetchone()[0])"
    trusted = run.run_trusted([sys.executable, "-c", script, pg.database_url])
    assert trusted.stdout.strip() == "1", trusted


def test_postgres_superuser_is_refused_over_tcp(run: SandboxRun, pg_cache: Path) -> None:
    start_postgres(run, pg_cache)
    result = run.run(f"{PSQL} -h 127.0.0.1 -U postgres -d app -c 'select 1'")
    assert result.exit_code != 0 and "rejects connection" in result.stderr, result


def test_each_run_gets_an_empty_database(pg_cache: Path) -> None:
    with SandboxRun() as first:
        pg = start_postgres(first, pg_cache)
        first.run(f'{PSQL} "{pg.database_url}" -c "create table leftover(x int)"')
    with SandboxRun() as second:
        pg = start_postgres(second, pg_cache)
        with psycopg.connect(pg.trusted_conninfo()) as conn:
            tables = conn.execute("select count(*) from pg_tables where schemaname = 'public'").fetchone()
        assert tables == (0,)


def test_private_redis(run: SandboxRun) -> None:
    redis = start_redis(run)
    result = run.run('redis-cli -u "$REDIS_URL" ping', env={"REDIS_URL": redis.redis_url})
    assert result.stdout.strip() == "PONG", result


def test_candidate_cannot_see_service_files(run: SandboxRun, pg_cache: Path) -> None:
    pg = start_postgres(run, pg_cache)
    result = run.run(f"ls {pg.host_socket_dir} /services")
    assert result.exit_code != 0 and "No such file" in result.stderr
