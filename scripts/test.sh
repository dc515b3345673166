#!/usr/bin/env bash
# Run CSPR's checks and test suite against a throw-away PostgreSQL and Redis.
#
#   scripts/test.sh [PYTEST ARGS...]      e.g. scripts/test.sh -k deadline -n 0
#
# Installs what is missing (scripts/setup.sh), starts PostgreSQL and Redis on free loopback
# ports in a temporary folder, runs `makemigrations --check`, `ruff check` and `pytest -n 2 --dist worksteal`,
# then stops both servers and removes the folder, also on failure or Ctrl-C.
# The exit status is pytest's (or that of the first check that failed before it).
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

bash scripts/setup.sh --system-test-packages --python-dev --node

log() { printf '==> %s\n' "$*"; }

# Throw-away PostgreSQL and Redis (start_postgres, start_redis), stopped again on any exit.
LABEL=test
# shellcheck source=scripts/throwaway-servers.sh
source scripts/throwaway-servers.sh

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
# worksteal: a worker that runs out of tests takes some of the other's queue, so the two finish together
# although the browser sweeps and the isolation walk take minutes each and most tests a fraction of a second.
log "pytest -n 2 --dist worksteal $*"
status=0
"$VENV_BIN/pytest" -n 2 --dist worksteal "$@" || status=$?
exit "$status"
