#!/usr/bin/env bash
# The main job of the README: every example report, built with the release binary into out/:
#   out/ruhr-konferenz        the interim evaluation (report.toml): Figs. 1–5, GIS exports, tables
#   out/ruhr-konferenz-final  the final evaluation (final.toml, illustrative later data) with the
#                             change figures (seats change map, change maps of P8 with its
#                             before/now chart and of P2, P5, P7, P9), the GIS exports with
#                             the change of every partner and link, and the change tables
#   out/muensterland          a second region and programme: the Münsterland, data in daten.xlsx
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
cargo build --release --locked
bin=target/release/ruhrmap
"$bin" build examples/ruhr-konferenz/report.toml -o out/ruhr-konferenz
"$bin" build examples/ruhr-konferenz/final.toml -o out/ruhr-konferenz-final
"$bin" build examples/muensterland/report.toml -o out/muensterland
