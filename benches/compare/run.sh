#!/usr/bin/env bash
# The geopandas comparison in one command, on a fresh machine:
#   bash benches/compare/run.sh [compare.py options, e.g. --runs 5]
# setup.sh prepares the virtual environment, GNU time and the VG250 GeoJSON;
# compare.py builds the release binaries and runs both sides alternating.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
bash "$here/setup.sh"
exec "$here/.venv/bin/python" "$here/compare.py" "$@"
