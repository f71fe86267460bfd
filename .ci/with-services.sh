#!/usr/bin/env bash
# Run a command with throw-away PostgreSQL and Redis servers (see services.sh) and stop them afterwards:
#   bash .ci/with-services.sh .venv/bin/python -m pytest
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
eval "$(bash "$HERE/services.sh")"
stop() {
    redis-cli -u "$TEST_REDIS_URL" shutdown nosave >/dev/null 2>&1 || true
    PG_CTL="$(ls -d /usr/lib/postgresql/*/bin/pg_ctl | sort -V | tail -1)"
    if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$PG_CTL" -D "$CI_SERVICES_DIR/pg" -m fast stop >/dev/null
    else "$PG_CTL" -D "$CI_SERVICES_DIR/pg" -m fast stop >/dev/null; fi
    rm -rf "$CI_SERVICES_DIR"
}
trap stop EXIT
echo "PostgreSQL: $TEST_DATABASE_URL  Redis: $TEST_REDIS_URL" >&2
"$@"
