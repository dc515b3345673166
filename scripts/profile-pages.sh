#!/usr/bin/env bash
# CPU cost of each benchmark page against the bare view, in-process (bench/profile_pages.py).
#
#   scripts/profile-pages.sh [bench/profile_pages.py ARGS...]   e.g. scripts/profile-pages.sh --profile "agency home"
#
# Starts a throw-away PostgreSQL (scripts/throwaway-servers.sh), migrates it, generates the 0.1x dataset
# (manage.py generate_dataset, as make bench does) and runs bench/profile_pages.py against it; the cluster
# and its folder are removed on exit. To profile again and again without regenerating, keep a database
# and run `DATABASE_URL=… .venv/bin/python -m bench.profile_pages` yourself.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

log() { printf '==> %s\n' "$*"; }

LABEL=profile
# shellcheck source=scripts/throwaway-servers.sh
source scripts/throwaway-servers.sh

start_postgres
export CSPR_ENV=local DJANGO_DEBUG=0 CSPR_ROOT_URLCONF=bench.urls CSPR_LOG_LEVEL=ERROR CELERY_TASK_ALWAYS_EAGER=true
log "Migrating"
"$VENV_BIN/python" manage.py migrate --noinput >"$TMP/migrate.log"
log "Generating the 0.1x dataset"
"$VENV_BIN/python" manage.py generate_dataset --factor 0.1 --only all | grep -v '^TIMINGS '
"$VENV_BIN/python" -m bench.profile_pages "$@"
