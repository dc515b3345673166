# Throw-away PostgreSQL and Redis on free loopback ports in a temporary folder, for scripts/test.sh, bench.sh and
# scripts/loadtest.sh (sourced, after `set -euo pipefail` and `cd` to the project). Call start_postgres and
# start_redis: they export DATABASE_URL and REDIS_URL; both servers are stopped and the folder ($TMP)
# removed on exit, also on failure or Ctrl-C. LABEL names the caller in messages and the folder.
LABEL=${LABEL:-bench}

VENV_BIN=$PWD/.venv/bin
TMP=$(mktemp -d "${TMPDIR:-/tmp}/cspr-$LABEL.XXXXXX")
PGDATA=$TMP/pgdata
PG_STARTED=no
REDIS_PID=

# PostgreSQL refuses to run as root: as root the cluster belongs to the postgres user (Debian creates it).
if ((EUID == 0)); then
    chown postgres: "$TMP"
    as_pg() { runuser -u postgres -- "$@"; }
else
    as_pg() { "$@"; }
fi

PG_BIN=$(find /usr/lib/postgresql -mindepth 2 -maxdepth 2 -name bin 2>/dev/null | sort -V | tail -n 1)
if [[ -z $PG_BIN ]]; then
    PG_BIN=$(dirname "$(command -v initdb)") || { echo "$LABEL.sh: PostgreSQL server binaries not found" >&2; exit 1; }
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
        as_pg "$PG_BIN/pg_ctl" -D "$PGDATA" -m fast -w -t 30 stop >/dev/null 2>&1 ||
            as_pg "$PG_BIN/pg_ctl" -D "$PGDATA" -m immediate -w stop >/dev/null 2>&1
    fi
    rm -rf "$TMP"
    exit "$status"
}
trap stop_servers EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

free_port() {
    "$VENV_BIN/python" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

show_log_and_fail() {
    echo "$LABEL.sh: $1 did not start; the end of its log:" >&2
    tail -n 30 "$2" >&2 || true
    exit 1
}

start_postgres() {
    PG_PORT=$(free_port)
    log "Starting PostgreSQL ($PG_BIN) on 127.0.0.1:$PG_PORT"
    as_pg "$PG_BIN/initdb" -D "$PGDATA" -U postgres --auth=trust -E UTF8 --no-locale --no-sync >"$TMP/initdb.log" 2>&1 ||
        show_log_and_fail initdb "$TMP/initdb.log"
    # Durability off (the data is thrown away; fsync dominates migration time); memory sized for a 2-core box.
    as_pg tee -a "$PGDATA/postgresql.conf" >/dev/null <<EOF
listen_addresses = '127.0.0.1'
port = $PG_PORT
unix_socket_directories = '$TMP'
fsync = off
synchronous_commit = off
full_page_writes = off
shared_buffers = 512MB
maintenance_work_mem = 256MB
max_wal_size = 4GB
EOF
    as_pg "$PG_BIN/pg_ctl" -D "$PGDATA" -l "$TMP/postgres.log" -w -t 60 start >/dev/null ||
        show_log_and_fail PostgreSQL "$TMP/postgres.log"
    PG_STARTED=yes
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
