#!/usr/bin/env bash
# Run CSPR's checks and test suite against a throw-away PostgreSQL and Redis.
#
#   scripts/test.sh [PYTEST ARGS...]      e.g. scripts/test.sh -k deadline -n 0
#
# Installs what is missing (scripts/setup.sh), starts PostgreSQL and Redis on free loopback
# ports in a temporary folder, runs `makemigrations --check`, `ruff check` and `pytest -n 2`,
# then stops both servers and removes the folder, also on failure or Ctrl-C.
# The exit status is pytest's (or that of the first check that failed before it).
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

bash scripts/setup.sh --system-test-packages --python-dev --node

VENV_BIN=$PWD/.venv/bin
TMP=$(mktemp -d "${TMPDIR:-/tmp}/cspr-test.XXXXXX")
PGDATA=$TMP/pgdata
PG_STARTED=no
REDIS_PID=

log() { printf '==> %s\n' "$*"; }

# PostgreSQL refuses to run as root, so as root the cluster belongs to the postgres user
# (created by Debian's postgresql package) and its commands run through runuser.
if ((EUID == 0)); then
    chown postgres: "$TMP"
    as_pg() { runuser -u postgres -- "$@"; }
else
    as_pg() { "$@"; }
fi

# Debian keeps the server binaries out of PATH; take the newest installed major version.
PG_BIN=$(find /usr/lib/postgresql -mindepth 2 -maxdepth 2 -name bin 2>/dev/null | sort -V | tail -n 1)
if [[ -z $PG_BIN ]]; then
    PG_BIN=$(dirname "$(command -v initdb)") || { echo "test.sh: PostgreSQL server binaries not found" >&2; exit 1; }
fi

# shellcheck disable=SC2317  # only reached through the trap
stop_servers() {
    local status=$?
    set +e
    if [[ -n $REDIS_PID ]]; then
        kill "$REDIS_PID" 2>/dev/null
        wait "$REDIS_PID" 2>/dev/null
    fi
    if [[ $PG_STARTED == yes ]]; then
        # A Ctrl-C reaches the servers too, so PostgreSQL may already be shutting down.
        as_pg "$PG_BIN/pg_ctl" -D "$PGDATA" -m fast -w -t 30 stop >/dev/null 2>&1 ||
            as_pg "$PG_BIN/pg_ctl" -D "$PGDATA" -m immediate -w stop >/dev/null 2>&1
    fi
    rm -rf "$TMP"
    exit "$status"
}
trap stop_servers EXIT
trap 'exit 130' INT  # make the EXIT trap run on Ctrl-C and kill, with the usual statuses
trap 'exit 143' TERM

# A port the kernel just handed out and released; a clash with another process is then
# unlikely, and the server start below fails loudly if it happens anyway.
free_port() {
    "$VENV_BIN/python" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# show_log_and_fail NAME LOGFILE: a server did not start; say why.
show_log_and_fail() {
    echo "test.sh: $1 did not start; the end of its log:" >&2
    tail -n 30 "$2" >&2 || true
    exit 1
}

start_postgres() {
    PG_PORT=$(free_port)
    log "Starting PostgreSQL ($PG_BIN) on 127.0.0.1:$PG_PORT"
    as_pg "$PG_BIN/initdb" -D "$PGDATA" -U postgres --auth=trust -E UTF8 --no-locale --no-sync >"$TMP/initdb.log" 2>&1 ||
        show_log_and_fail initdb "$TMP/initdb.log"
    # Durability settings off: the data is thrown away, and fsync dominates migration time.
    as_pg tee -a "$PGDATA/postgresql.conf" >/dev/null <<EOF
listen_addresses = '127.0.0.1'
port = $PG_PORT
unix_socket_directories = '$TMP'
fsync = off
synchronous_commit = off
full_page_writes = off
EOF
    as_pg "$PG_BIN/pg_ctl" -D "$PGDATA" -l "$TMP/postgres.log" -w -t 60 start >/dev/null ||
        show_log_and_fail PostgreSQL "$TMP/postgres.log"
    PG_STARTED=yes
    # The app's role is not a superuser, like a managed database; CREATEDB lets pytest-django
    # create test_cspr and the per-xdist-worker copies (test_cspr_gw0, ...).
    as_pg "$PG_BIN/psql" -h "$TMP" -p "$PG_PORT" -U postgres -d postgres -v ON_ERROR_STOP=1 -q \
        -c "CREATE ROLE cspr LOGIN CREATEDB" -c "CREATE DATABASE cspr OWNER cspr"
    export DATABASE_URL="postgres://cspr@127.0.0.1:$PG_PORT/cspr"
}

start_redis() {
    REDIS_PORT=$(free_port)
    log "Starting Redis on 127.0.0.1:$REDIS_PORT"
    redis-server --bind 127.0.0.1 --port "$REDIS_PORT" --save '' --appendonly no --daemonize no \
        --dir "$TMP" --logfile "$TMP/redis.log" &
    REDIS_PID=$!
    local _
    for _ in $(seq 50); do
        if [[ $(redis-cli -h 127.0.0.1 -p "$REDIS_PORT" ping 2>/dev/null) == PONG ]]; then
            export REDIS_URL="redis://127.0.0.1:$REDIS_PORT/0"
            return 0
        fi
        kill -0 "$REDIS_PID" 2>/dev/null || break
        sleep 0.1
    done
    show_log_and_fail Redis "$TMP/redis.log"
}

start_postgres
start_redis
export CSPR_ENV=test
# Tasks run in-process in tests unless a test starts a real worker (marker celery_worker).
export CELERY_TASK_ALWAYS_EAGER=true
# Browser tests launch Debian's Chromium rather than a Playwright-downloaded build.
CSPR_CHROMIUM_PATH=$(command -v chromium || true)
export CSPR_CHROMIUM_PATH

log "Checking for missing migrations"
"$VENV_BIN/python" manage.py makemigrations --check --dry-run
log "ruff check"
"$VENV_BIN/ruff" check .
log "pytest -n 2 $*"
status=0
"$VENV_BIN/pytest" -n 2 "$@" || status=$?
exit "$status"
