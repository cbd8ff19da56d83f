"""Inspect the database the candidate's service built: schema, constraints, indexes, query plans."""

from __future__ import annotations

import re
import time
from collections.abc import Mapping, Sequence
from typing import Any

import psycopg
from psycopg.rows import dict_row

from assay.grading.context import GradingContext
from assay.grading.report import Check, Evidence, Finding, StageReport, StageStatus
from assay.grading.stages._common import skipped

NAME = "database"
TITLE = "Database inspection"
SUITE = "database"

_TABLES = """
SELECT c.oid, n.nspname AS schema, c.relname AS name, GREATEST(c.reltuples, 0)::bigint AS estimated_rows
FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE c.relkind IN ('r', 'p') AND n.nspname NOT IN ('pg_catalog', 'information_schema')
  AND n.nspname NOT LIKE 'pg_toast%'
ORDER BY n.nspname, c.relname
"""
_COLUMNS = """
SELECT a.attname AS name, format_type(a.atttypid, a.atttypmod) AS type, NOT a.attnotnull AS nullable,
       pg_get_expr(d.adbin, d.adrelid) AS default
FROM pg_attribute a LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
WHERE a.attrelid = %s AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum
"""
_CONSTRAINTS = """
SELECT c.conname AS name, c.contype AS kind, pg_get_constraintdef(c.oid) AS definition,
       ARRAY(SELECT a.attname FROM unnest(c.conkey) WITH ORDINALITY k(n, i)
             JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.n ORDER BY k.i)::text[] AS columns,
       c.confrelid::regclass::text AS references
FROM pg_constraint c WHERE c.conrelid = %s ORDER BY c.conname
"""
_INDEXES = """
SELECT i.relname AS name, x.indisunique AS is_unique, pg_get_indexdef(x.indexrelid) AS definition,
       ARRAY(SELECT a.attname FROM unnest(x.indkey) WITH ORDINALITY k(n, i)
             JOIN pg_attribute a ON a.attrelid = x.indrelid AND a.attnum = k.n ORDER BY k.i)::text[] AS columns
FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid WHERE x.indrelid = %s ORDER BY i.relname
"""
# Tables a framework or migration tool creates for itself: the candidate did not design them.
FRAMEWORK_TABLE_PREFIXES = ("django_", "auth_", "knex_migrations", "flyway_", "_prisma_", "typeorm_", "goose_")
FRAMEWORK_TABLES = frozenset(
    {
        "alembic_version",
        "schema_migrations",
        "ar_internal_metadata",
        "sequelizemeta",
        "migrations",
        "gorp_migrations",
        "databasechangelog",
        "databasechangeloglock",
    }
)
_KINDS = {"p": "primary key", "f": "foreign key", "u": "unique", "c": "check", "x": "exclusion"}


def inspect_schema(conninfo: str) -> list[dict[str, Any]]:
    """Tables with columns, constraints and indexes, as plain data for the report."""
    with psycopg.connect(conninfo, row_factory=dict_row, autocommit=True) as conn:
        tables = conn.execute(_TABLES).fetchall()
        for table in tables:
            oid = table.pop("oid")
            table["columns"] = conn.execute(_COLUMNS, (oid,)).fetchall()
            constraints = conn.execute(_CONSTRAINTS, (oid,)).fetchall()
            for constraint in constraints:
                constraint["kind"] = _KINDS.get(constraint["kind"], constraint["kind"])
                if constraint["kind"] != "foreign key":
                    constraint["references"] = None
            table["constraints"] = constraints
            table["indexes"] = conn.execute(_INDEXES, (oid,)).fetchall()
    return tables


def is_framework_table(name: str) -> bool:
    """A table a framework or migration tool created (Django's django_admin_log, Knex's knex_migrations...)."""
    lowered = name.lower()
    return lowered in FRAMEWORK_TABLES or lowered.startswith(FRAMEWORK_TABLE_PREFIXES)


def _indexed_leading(table: dict[str, Any]) -> set[str]:
    """Columns that lead some index or constraint-backed index (these make lookups cheap)."""
    leading = {index["columns"][0] for index in table["indexes"] if index["columns"]}
    leading |= {c["columns"][0] for c in table["constraints"] if c["kind"] == "exclusion" and c["columns"]}
    return leading


def _schema_checks(tables: list[dict[str, Any]]) -> tuple[list[Check], list[Finding]]:
    checks: list[Check] = []
    findings: list[Finding] = []
    names = ", ".join(t["name"] for t in tables)
    checks.append(
        _check(
            "database.schema_created",
            "The service created its tables",
            "database",
            1,
            bool(tables),
            f"Tables: {names}." if tables else "The database is empty: the service created no tables.",
        )
    )
    no_pk = [t["name"] for t in tables if not any(c["kind"] == "primary key" for c in t["constraints"])]
    checks.append(
        _check(
            "database.primary_keys",
            "Every table has a primary key",
            "database",
            2,
            bool(tables) and not no_pk,
            f"Without a primary key: {', '.join(no_pk)}." if no_pk else "",
        )
    )
    missing_fk, unindexed_fk = [], []
    for table in tables:
        fk_columns = {c["columns"][0] for c in table["constraints"] if c["kind"] == "foreign key" and c["columns"]}
        for column in table["columns"]:
            if column["name"].endswith("_id") and column["name"] not in fk_columns:
                missing_fk.append(f"{table['name']}.{column['name']}")
        unindexed_fk += [f"{table['name']}.{col}" for col in sorted(fk_columns - _indexed_leading(table))]
    has_refs = any(c["kind"] == "foreign key" for t in tables for c in t["constraints"]) or missing_fk
    if has_refs:
        checks.append(
            _check(
                "database.foreign_keys",
                "References are declared as foreign keys",
                "database",
                2,
                not missing_fk,
                f"Columns that look like references but have no foreign key: {', '.join(missing_fk)}."
                if missing_fk
                else "",
            )
        )
        checks.append(
            _check(
                "database.foreign_keys_indexed",
                "Foreign keys are indexed",
                "performance",
                1,
                not unindexed_fk,
                f"Foreign keys without an index (joins and cascades scan the table): {', '.join(unindexed_fk)}."
                if unindexed_fk
                else "",
            )
        )
    for name in unindexed_fk:
        findings.append(
            Finding(
                "db.unindexed_foreign_key",
                "performance",
                "low",
                f"Foreign key {name} has no index.",
                tool="assay",
            )
        )
    return checks, findings


SEQUENTIAL_SCANS = {"Seq Scan", "Parallel Seq Scan"}
_FILTER_COLUMN = re.compile(r"\(?\b([a-z_][a-z0-9_]*)\b\s*(?:=|<>|<=|>=|<|>|~~\*?|&&|@>|<@)", re.IGNORECASE)


def _walk(node: dict[str, Any]) -> list[dict[str, Any]]:
    nodes = [node]
    for child in node.get("Plans", []):
        nodes += _walk(child)
    return nodes


def unindexed_filters(plans: Sequence[Mapping[str, Any]], tables: list[dict[str, Any]]) -> list[dict[str, str]]:
    """Sequential scans filtering on a column that no index leads: each would grow with the table."""
    by_name = {t["name"]: t for t in tables}
    seen: dict[tuple[str, str], dict[str, str]] = {}
    for entry in plans:
        for node in _walk(entry["plan"].get("Plan", entry["plan"])):
            table = by_name.get(node.get("Relation Name", ""))
            if node.get("Node Type") not in SEQUENTIAL_SCANS or table is None or "Filter" not in node:
                continue
            columns = {c["name"] for c in table["columns"]}
            filtered = [c for c in _FILTER_COLUMN.findall(node["Filter"]) if c in columns]
            if filtered and not set(filtered) & _indexed_leading(table):
                key = (table["name"], filtered[0])
                seen.setdefault(key, {"table": table["name"], "column": filtered[0], "query": entry["query"][:500]})
    return list(seen.values())


def run(ctx: GradingContext) -> StageReport:
    if ctx.postgres is None:
        return skipped(NAME, TITLE, "this challenge uses no database")
    started = time.monotonic()
    tables = inspect_schema(ctx.postgres.trusted_conninfo())
    # The report lists every table; the checks judge only those the candidate designed.
    own = [t for t in tables if not is_framework_table(t["name"])]
    checks, findings = _schema_checks(own)
    scans = unindexed_filters(ctx.postgres.plans(user="app"), own)
    if own:
        message = "; ".join(f"{s['table']} is scanned in full to filter on {s['column']}" for s in scans)
        check = _check(
            "database.filters_indexed", "Queries the tests caused use indexes", "database", 2, not scans, message
        )
        check.evidence = [Evidence(kind="query", data=s) for s in scans[:5]]
        checks.append(check)
    for scan in scans:
        findings.append(
            Finding(
                "db.missing_index",
                "database",
                "medium",
                f"Table {scan['table']} has no index on {scan['column']}, and a query filters on it.",
                tool="assay",
                excerpt=scan["query"][:300],
                evidence=[Evidence(kind="query", data=scan)],
            )
        )
    ctx.report.checks.extend(checks)
    ctx.report.findings.extend(findings)
    passed = sum(c.passed for c in checks)
    summary = f"{len(tables)} tables; {passed} of {len(checks)} database checks passed."
    status: StageStatus = "passed" if passed == len(checks) else "failed"
    data = {"tables": tables}
    return StageReport(NAME, TITLE, status, summary, duration=time.monotonic() - started, data=data)


def not_run(ctx: GradingContext, why: str) -> list[Check]:
    """The checks every inspection makes, as errors when it failed inside Assay: the suite keeps its weight."""
    if ctx.postgres is None:
        return []
    checks = [
        _check("database.schema_created", "The service created its tables", "database", 1, False, why),
        _check("database.primary_keys", "Every table has a primary key", "database", 2, False, why),
        _check("database.filters_indexed", "Queries the tests caused use indexes", "database", 2, False, why),
    ]
    for check in checks:
        check.outcome = "error"
    return checks


def _check(check_id: str, name: str, skill: str, weight: float, ok: bool, message: str) -> Check:
    return Check(
        id=check_id,
        suite=SUITE,
        name=name,
        skill=skill,
        weight=weight,
        outcome="passed" if ok else "failed",
        message=message,
    )
