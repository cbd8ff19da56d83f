#!/usr/bin/env bash
# Starts a PostgreSQL and a Redis for the test suite, bound to loopback only, with their files under var/.
# Idempotent: a server already started by an earlier run is reused. Prints the URLs as shell assignments:
#   eval "$(scripts/test-services.sh)"
set -uo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
# One set of servers per checkout, outside it: PostgreSQL runs as its own user, which must be able to reach
# its data directory, and a checkout may sit below a folder only root can enter.
checkout=$(printf %s "$root" | sha1sum | cut -c1-10)
base=${ASSAY_TEST_SERVICES_DIR:-/var/tmp/assay-test-services}
dir="$base/$checkout"
mkdir -p "$dir" && chmod 755 "$base"
# Ports from the checkout too, so two checkouts on one machine do not collide.
offset=$(( 16#${checkout:0:4} % 500 ))
PG_PORT=${ASSAY_TEST_PG_PORT:-$(( 54000 + offset ))}
REDIS_PORT=${ASSAY_TEST_REDIS_PORT:-$(( 63000 + offset ))}

as_pg() {  # PostgreSQL refuses to run as root; use its own system user when we are root.
  if [[ $(id -u) -eq 0 ]]; then runuser -u postgres -- "$@"; else "$@"; fi
}

start_postgres() {
  local bin
  bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
  [[ -n $bin ]] || { echo "assay: PostgreSQL is not installed" >&2; return 1; }
  local data="$dir/postgres"
  if [[ ! -f $data/PG_VERSION ]]; then
    rm -rf "$data" && mkdir -p "$data"
    [[ $(id -u) -eq 0 ]] && chown postgres: "$data" "$dir"
    as_pg "$bin/initdb" -D "$data" -U postgres --auth=trust -E UTF8 >"$dir/initdb.log" 2>&1 || { cat "$dir/initdb.log" >&2; return 1; }
  fi
  if ! as_pg "$bin/pg_ctl" -D "$data" status >/dev/null 2>&1; then
    as_pg "$bin/pg_ctl" -D "$data" -l "$data/server.log" -w -t 30 \
      -o "-p $PG_PORT -k $data -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" \
      start >/dev/null || { tail -5 "$data/server.log" >&2; return 1; }
  fi
  echo "ASSAY_TEST_DATABASE_URL=postgres://postgres@127.0.0.1:$PG_PORT/assay"
}

start_redis() {
  command -v redis-server >/dev/null || { echo "assay: Redis is not installed" >&2; return 1; }
  if ! (exec 3<>/dev/tcp/127.0.0.1/"$REDIS_PORT") 2>/dev/null; then
    redis-server --bind 127.0.0.1 --port "$REDIS_PORT" --save '' --appendonly no --daemonize yes \
      --dir "$dir" --logfile "$dir/redis.log" --pidfile "$dir/redis.pid" >/dev/null
    for _ in $(seq 50); do (exec 3<>/dev/tcp/127.0.0.1/"$REDIS_PORT") 2>/dev/null && break; sleep 0.1; done
  fi
  echo "ASSAY_TEST_REDIS_URL=redis://127.0.0.1:$REDIS_PORT/0"
}

start_postgres || true
start_redis || true
