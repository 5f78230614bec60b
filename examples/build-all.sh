#!/usr/bin/env bash
# The main job of the README: every example report, built with the release binary into out/:
#   out/ruhr-konferenz        the interim evaluation (report.toml): Figs. 1–5, GIS exports, tables
#   out/ruhr-konferenz-final  the final evaluation (final.toml, illustrative later data) with the
#                             change tables against the interim state
#   out/muensterland          a second region and programme: the Münsterland, data in daten.xlsx
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
cargo build --release --locked
bin=target/release/ruhrmap
"$bin" build examples/ruhr-konferenz/report.toml -o out/ruhr-konferenz
"$bin" build examples/ruhr-konferenz/final.toml -o out/ruhr-konferenz-final
"$bin" build examples/muensterland/report.toml -o out/muensterland
