#!/bin/sh
# Your own checks: load schema.sql and seed.sql into a scratch schema of $DATABASE_URL, run every
# queries/*.sql, and compare its CSV output with tests/expected/<name>.csv when that file exists.
# It also runs every tests/*.sql (checks that raise an error when they fail, such as
# tests/constraints.sql). Add expected files, checks and seed rows for the cases you care about.
set -eu
cd "$(dirname "$0")/.."
DATABASE_URL="${DATABASE_URL:-postgresql://app:app@127.0.0.1:5432/app}"
SCRATCH="${SCRATCH_SCHEMA:-local_checks}"
# Everything below runs in the scratch schema, in UTC, as the grader runs your queries.
export PGOPTIONS="-c search_path=$SCRATCH -c TimeZone=UTC"
PSQL="psql $DATABASE_URL -X -q -v ON_ERROR_STOP=1"

cleanup() { $PSQL -c "DROP SCHEMA IF EXISTS $SCRATCH CASCADE" >/dev/null 2>&1 || true; }
trap cleanup EXIT
$PSQL -c "SET client_min_messages = warning" -c "DROP SCHEMA IF EXISTS $SCRATCH CASCADE" -c "CREATE SCHEMA $SCRATCH"
$PSQL -f schema.sql -f seed.sql >/dev/null

passed=0
failed=0
for check in tests/*.sql; do
    if output=$($PSQL -f "$check" 2>&1 >/dev/null); then
        echo "ok   $check"
        passed=$((passed + 1))
    else
        echo "FAIL $check: $output"
        failed=$((failed + 1))
    fi
done
for query in queries/*.sql; do
    name=$(basename "$query" .sql)
    expected="tests/expected/$name.csv"
    if ! output=$($PSQL --csv -f "$query" 2>&1); then
        echo "FAIL $name: $output"
        failed=$((failed + 1))
    elif [ ! -f "$expected" ]; then
        echo "ran  $name (no $expected to compare with)"
    elif [ "$output" = "$(cat "$expected")" ]; then
        echo "ok   $name"
        passed=$((passed + 1))
    else
        echo "FAIL $name: the output differs from $expected (- expected, + got):"
        printf '%s\n' "$output" | diff "$expected" - | sed 's/^/    /' || true
        failed=$((failed + 1))
    fi
done
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
