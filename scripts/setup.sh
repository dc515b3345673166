#!/usr/bin/env bash
# Install what CSPR needs on this machine, skipping every step that is already done.
#
#   scripts/setup.sh --system-test-packages   Debian packages the test suite needs (apt-get as root)
#   scripts/setup.sh --python                 .venv with requirements.txt
#   scripts/setup.sh --python-dev             .venv with requirements.txt + requirements-dev.txt
#   scripts/setup.sh --node                   npm ci, then build static/build/ (cspr.css, GOV.UK JS, images)
#   scripts/setup.sh --force-css              rebuild static/build/ even if nothing changed
#
# Flags combine. Called by the Makefile and scripts/test.sh; safe to run by hand.
# Each install step records a hash of its inputs in a stamp file, so a re-run costs a few
# file reads instead of a pip/npm round trip (stamps live inside the folder they describe,
# so deleting .venv or node_modules also forgets the stamp).
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

PYTHON=${PYTHON:-python3}
VENV=.venv

# Debian package names; libreoffice is deliberately absent (no test converts with it).
SYSTEM_TEST_PACKAGES=(
    postgresql         # throw-away test cluster (scripts/test.sh)
    redis-server       # Celery broker for the tests marked celery_worker
    chromium           # Playwright browser tests (marker "browser") drive the system Chromium
    poppler-utils      # pdftotext/pdftoppm, to read back generated PDFs
    libpango-1.0-0     # WeasyPrint
    libpangoft2-1.0-0  # WeasyPrint
    libmagic1          # python-magic: upload type sniffing
    fonts-dejavu-core  # a known font, so PDF layout is the same on every machine
)

log() { printf '==> %s\n' "$*"; }
die() { printf 'setup.sh: %s\n' "$*" >&2; exit 1; }

# Print the sha256 of the given files' names and contents (missing files hash as empty).
hash_of() {
    local f
    for f in "$@"; do
        printf '%s\n' "$f"
        [[ -f "$f" ]] && cat "$f"
    done | sha256sum | cut -d' ' -f1
}

# stamp_is_current STAMP HASH: true when STAMP holds HASH.
stamp_is_current() { [[ -f "$1" && "$(cat "$1")" == "$2" ]]; }

is_installed() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q 'install ok installed'; }

install_system_test_packages() {
    command -v dpkg-query >/dev/null || die "not a Debian-like system: install the equivalents of ${SYSTEM_TEST_PACKAGES[*]} by hand"
    local missing=() pkg
    for pkg in "${SYSTEM_TEST_PACKAGES[@]}"; do
        is_installed "$pkg" || missing+=("$pkg")
    done
    if ((${#missing[@]} == 0)); then
        return 0
    fi
    if ((EUID != 0)); then
        printf 'setup.sh: the tests need these Debian packages, which are not installed:\n' >&2
        printf '    sudo apt-get update && sudo apt-get install -y %s\n' "${missing[*]}" >&2
        exit 1
    fi
    log "Installing system packages: ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -q
    apt-get install -y -q --no-install-recommends "${missing[@]}"
}

# A venv is reusable only if its interpreter still runs (a removed or upgraded base Python
# leaves a dangling symlink behind) and is the 3.11 that requirements*.txt were compiled for.
venv_works() { "$VENV/bin/python" -c 'import sys; sys.exit(sys.version_info[:2] != (3, 11))' 2>/dev/null; }

ensure_venv() {
    venv_works && return 0
    command -v "$PYTHON" >/dev/null || die "$PYTHON not found: install Python 3.11 (or set PYTHON=/path/to/python3.11)"
    "$PYTHON" -c 'import sys; sys.exit(sys.version_info[:2] != (3, 11))' ||
        die "$PYTHON is $("$PYTHON" --version 2>&1), but CSPR pins its requirements for Python 3.11 (set PYTHON=python3.11)"
    "$PYTHON" -c 'import ensurepip, venv' 2>/dev/null ||
        die "$PYTHON cannot create virtual environments: on Debian, apt-get install python3-venv"
    log "Creating $VENV"
    rm -rf "$VENV"
    "$PYTHON" -m venv "$VENV"
}

# install_python_requirements FILE...: pip install the files together when any has changed.
install_python_requirements() {
    ensure_venv
    local stamp want
    stamp="$VENV/.cspr-requirements-$(printf '%s' "$*" | tr ' /' '+_')"
    want=$(hash_of "$@")
    stamp_is_current "$stamp" "$want" && return 0
    log "Installing Python packages from $*"
    local args=() f
    for f in "$@"; do args+=(-r "$f"); done
    "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check --no-input --progress-bar off "${args[@]}"
    printf '%s\n' "$want" >"$stamp"
}

# npm ci only when package.json or the lock changed (npm ci always deletes node_modules first).
install_node_modules() {
    command -v npm >/dev/null || die "npm not found: install Node.js 20 and npm (Debian: apt-get install nodejs npm)"
    local stamp=node_modules/.cspr-stamp want
    want=$(hash_of package.json package-lock.json)
    stamp_is_current "$stamp" "$want" && return 0
    log "Installing Node packages (npm ci)"
    # --ignore-scripts: nothing we use needs an install script. sass is pure JS; the only
    # script is its optional file watcher's native build, used by `sass --watch` alone.
    npm ci --ignore-scripts --no-audit --no-fund
    printf '%s\n' "$want" >"$stamp"
}

# Rebuild static/build/ when the lock, the build script or any SCSS source changed.
build_assets() {
    local force=$1 stamp=static/build/.cspr-stamp want sources
    mapfile -t sources < <(find static/src -type f -name '*.scss' | LC_ALL=C sort)
    want=$(hash_of package-lock.json scripts/build-assets.mjs "${sources[@]}")
    if [[ $force == no ]] && stamp_is_current "$stamp" "$want"; then
        return 0
    fi
    log "Building static/build/"
    npm run --silent build:css
    printf '%s\n' "$want" >"$stamp"
}

main() {
    (($# > 0)) || die "usage: scripts/setup.sh [--system-test-packages] [--python | --python-dev] [--node] [--force-css]"
    local system=no python=no python_dev=no node=no force_css=no
    for arg in "$@"; do
        case $arg in
            --system-test-packages) system=yes ;;
            --python) python=yes ;;
            --python-dev) python_dev=yes ;;
            --node) node=yes ;;
            --force-css) node=yes force_css=yes ;;
            *) die "unknown option $arg" ;;
        esac
    done

    if [[ $system == yes ]]; then
        install_system_test_packages
    fi
    if [[ $python_dev == yes ]]; then
        install_python_requirements requirements.txt requirements-dev.txt
    elif [[ $python == yes ]]; then
        install_python_requirements requirements.txt
    fi
    if [[ $node == yes ]]; then
        install_node_modules
        build_assets "$force_css"
    fi
}

main "$@"
