#!/usr/bin/env bash
# Run the CSPR load test against a throw-away PostgreSQL and Redis (make loadtest).
#
#   scripts/loadtest.sh [bench/loadtest.py ARGS...]      e.g. scripts/loadtest.sh --users 50 --seconds 150
#
# Installs nothing: it needs what `make bench` needs (the Python dev requirements, postgresql and
# redis-server). Starts PostgreSQL and Redis on free loopback ports in a temporary folder, runs
# bench/loadtest.py (gunicorn and a Celery worker against them; results in bench/results/loadtest.md),
# then stops both servers and removes the folder, also on failure or Ctrl-C. Exits non-zero on any server
# error or lost write. Not part of `make test`.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

log() { printf '==> %s\n' "$*"; }

[[ -x .venv/bin/gunicorn && -x .venv/bin/celery ]] || {
    echo "loadtest.sh: .venv lacks gunicorn or celery; run scripts/setup.sh --python-dev first" >&2
    exit 1
}
command -v redis-server >/dev/null || { echo "loadtest.sh: redis-server is not installed" >&2; exit 1; }

LABEL=loadtest
# shellcheck source=scripts/throwaway-servers.sh
source scripts/throwaway-servers.sh

start_postgres
start_redis
export CSPR_BENCH_LOGS=$TMP  # gunicorn and Celery logs, removed with the folder
"$VENV_BIN/python" bench/loadtest.py "$@"
