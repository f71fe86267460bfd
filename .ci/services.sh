#!/usr/bin/env bash
# Install PostgreSQL and Redis from Debian's packages (when missing) and start private, throw-away instances on
# 127.0.0.1 for the test suite. Prints the two URLs as shell exports; `eval "$(bash .ci/services.sh)"` uses them.
# Data lives in a temporary folder; fsync is off because these instances hold nothing worth keeping.
set -euo pipefail
PG_PORT="${PG_PORT:-55432}"
REDIS_PORT="${REDIS_PORT:-56379}"
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || ! command -v redis-server >/dev/null; then
    as_root apt-get update -qq >&2
    DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq --no-install-recommends postgresql redis-server >&2
fi
PG_BIN="$(dirname "$(ls -d /usr/lib/postgresql/*/bin/initdb | sort -V | tail -1)")"

STATE="$(mktemp -d /tmp/bot-ci-services.XXXXXX)"
chmod 755 "$STATE"
# PostgreSQL refuses to run as root: use the `postgres` account the Debian package created.
run_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
mkdir -p "$STATE/pg"
[ "$(id -u)" = 0 ] && chown postgres "$STATE/pg"
run_pg "$PG_BIN/initdb" -D "$STATE/pg" -U bot --auth=trust -E UTF8 --locale=C.UTF-8 >&2
run_pg "$PG_BIN/pg_ctl" -D "$STATE/pg" -l "$STATE/pg/server.log" -w start \
    -o "-c listen_addresses=127.0.0.1 -p $PG_PORT -k $STATE/pg -c fsync=off -c synchronous_commit=off \
        -c full_page_writes=off -c max_connections=300" >&2
run_pg "$PG_BIN/createdb" -h 127.0.0.1 -p "$PG_PORT" -U bot bot >&2

redis-server --bind 127.0.0.1 --port "$REDIS_PORT" --daemonize yes --save '' --appendonly no \
    --dir "$STATE" --logfile "$STATE/redis.log" >&2
for _ in $(seq 50); do redis-cli -p "$REDIS_PORT" ping >/dev/null 2>&1 && break; sleep 0.1; done

echo "export TEST_DATABASE_URL=postgresql+asyncpg://bot@127.0.0.1:$PG_PORT/bot"
echo "export TEST_REDIS_URL=redis://127.0.0.1:$REDIS_PORT/0"
echo "export CI_SERVICES_DIR=$STATE"
