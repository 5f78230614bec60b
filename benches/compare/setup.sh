#!/usr/bin/env bash
# Prepares everything the geopandas comparison and the GEOS cross-check need,
# on a fresh machine, idempotently (a second run does nothing but check):
#
#   1. a virtual environment benches/compare/.venv with the pinned
#      requirements.txt (binary wheels only, CPython 3.11);
#   2. GNU time at /usr/bin/time, for peak memory (Debian package `time`);
#   3. the VG250 2017 municipality GeoJSON (fetch_vg250.sh).
#
# Usage: bash benches/compare/setup.sh
# Environment: PYTHON (default python3), RUHRMAP_VG250_GEOJSON (optional).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
venv="$here/.venv"
python="${PYTHON:-python3}"

say() { printf 'setup: %s\n' "$*" >&2; }
fail() { printf 'setup: error: %s\n' "$*" >&2; exit 2; }

# --- 1. virtual environment -------------------------------------------------
if ! "$python" -c 'import sys; sys.exit(0 if sys.version_info[:2] == (3, 11) else 1)' 2>/dev/null; then
    say "warning: $python is not CPython 3.11; the pinned wheels are chosen for 3.11 and may not exist for it"
fi
stamp="$venv/.requirements.sha256"
wanted="$(sha256sum "$here/requirements.txt" | cut -d' ' -f1)"
if [[ ! -x "$venv/bin/python" ]]; then
    say "creating $venv"
    "$python" -m venv "$venv" || fail "could not create a virtual environment with $python (Debian: apt-get install python3-venv)"
fi
if [[ "$(cat "$stamp" 2>/dev/null)" != "$wanted" ]]; then
    say "installing requirements.txt into $venv"
    "$venv/bin/python" -m pip install --quiet --disable-pip-version-check \
        --only-binary=:all: -r "$here/requirements.txt"
    echo "$wanted" >"$stamp"
fi

# --- 2. GNU time --------------------------------------------------------------
if ! /usr/bin/time -v true >/dev/null 2>&1; then
    if [[ "$(id -u)" == 0 ]] && command -v apt-get >/dev/null; then
        say "installing GNU time (Debian package time)"
        apt-get update -qq >/dev/null
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq time >/dev/null
    else
        fail "/usr/bin/time (GNU time) is missing; install the Debian package 'time' as root"
    fi
fi

# --- 3. VG250 GeoJSON -----------------------------------------------------------
bash "$here/fetch_vg250.sh"
say "ready"
