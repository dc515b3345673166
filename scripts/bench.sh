#!/usr/bin/env bash
# Run the CSPR benchmark against a throw-away PostgreSQL and Redis (make bench).
#
#   scripts/bench.sh [bench/run.py ARGS...]      e.g. scripts/bench.sh --requests 400
#
# Installs what is missing (the Python dev requirements; as root also postgresql, redis-server and
# LibreOffice Writer for the PDF comparison), starts PostgreSQL and Redis on free loopback ports in a
# temporary folder, runs bench/run.py (results in bench/results/latest.{md,svg,json}), then stops both
# servers and removes the folder, also on failure or Ctrl-C. Not part of `make test`.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

BENCH_PACKAGES=(postgresql redis-server libreoffice-writer-nogui fonts-dejavu-core)

log() { printf '==> %s\n' "$*"; }
is_installed() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q 'install ok installed'; }

install_bench_packages() {
    command -v dpkg-query >/dev/null || return 0
    local missing=() pkg
    for pkg in "${BENCH_PACKAGES[@]}"; do
        is_installed "$pkg" || missing+=("$pkg")
    done
    ((${#missing[@]} == 0)) && return 0
    if ((EUID != 0)); then
        printf 'bench.sh: not root, so not installing %s (LibreOffice missing: the PDF comparison is skipped)\n' \
            "${missing[*]}" >&2
        return 0
    fi
    log "Installing system packages: ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -q
    apt-get install -y -q --no-install-recommends "${missing[@]}"
}

install_bench_packages
bash scripts/setup.sh --python-dev

# shellcheck source=scripts/throwaway-servers.sh
source scripts/throwaway-servers.sh

start_postgres
start_redis
export CSPR_BENCH_LOGS=$TMP  # gunicorn and Celery logs, removed with the folder
"$VENV_BIN/python" bench/run.py "$@"
