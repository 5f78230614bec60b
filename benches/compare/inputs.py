"""Inputs of the comparison that are derived from the VG250 GeoJSON once and
cached, outside every timed process:

- cache/ruhr-gemeinden.geojson: the 53 Ruhr municipalities at full
  resolution (AGS, GEN), which the matplotlib figure script reads instead of
  parsing all of Germany;
- cache/network-3panel.csv: the partners of the 3-panel figure with their
  positions, for the matplotlib side. Where `ruhrmap geocode` exists, these
  are the partners of P1, P2 and P3 of examples/ruhr-konferenz/ (the data
  `figure3.toml` makes ruhrmap draw), geocoded by ruhrmap and kept where they
  lie in the Ruhr; otherwise a seeded illustrative network of three projects
  on Ruhr municipalities.

Usage: python inputs.py [RUHRMAP_BINARY]   # writes what is missing, prints the paths
"""

from __future__ import annotations

import csv
import os
import subprocess
from pathlib import Path

import vg250

RUHR_GEOJSON = vg250.CACHE / "ruhr-gemeinden.geojson"
NETWORK_CSV = vg250.CACHE / "network-3panel.csv"
EXAMPLE_PARTNERS = vg250.HERE.parent.parent / "examples" / "ruhr-konferenz" / "partners.csv"
FIGURE_PROJECTS = ("P1", "P2", "P3")
NETWORK_SEED = 20190311

#: (project, coordinator seat AGS, core partners, looser partners)
PROJECTS = (
    ("P1", "05911000", 4, 18),   # Bochum; broad set of looser partners
    ("P2", "05113000", 15, 6),   # Essen; 15 regional core partners
    ("P3", "05913000", 5, 10),   # Dortmund
)


def _replace(tmp: Path, target: Path) -> Path:
    os.replace(tmp, target)
    return target


def ensure_ruhr_geojson(gemeinden=None) -> Path:
    if RUHR_GEOJSON.is_file():
        return RUHR_GEOJSON
    gemeinden = vg250.load_gemeinden() if gemeinden is None else gemeinden
    ruhr = vg250.ruhr(gemeinden)[["AGS", "GEN", "geometry"]].sort_values("AGS")
    tmp = RUHR_GEOJSON.with_name(RUHR_GEOJSON.name + ".tmp")
    ruhr.to_file(tmp, driver="GeoJSON")
    return _replace(tmp, RUHR_GEOJSON)


def ensure_network(gemeinden=None, ruhrmap: Path | None = None) -> tuple[Path, str]:
    """The partners CSV of the 3-panel figure and where it came from:
    `example` (examples/ruhr-konferenz, geocoded by ruhrmap) or `synthetic`.
    A cached synthetic network is replaced once the example can be used, and
    a cached example network once the example data are newer."""
    use_example = ruhrmap is not None and EXAMPLE_PARTNERS.is_file() and _has_geocode(ruhrmap)
    if NETWORK_CSV.is_file():
        with open(NETWORK_CSV, newline="", encoding="utf-8") as f:
            origin = next(csv.DictReader(f))["source"]
        fresh = origin == "example" and NETWORK_CSV.stat().st_mtime >= EXAMPLE_PARTNERS.stat().st_mtime
        if fresh or (origin == "synthetic" and not use_example):
            return NETWORK_CSV, origin
    if use_example:
        return _network_from_example(ruhrmap), "example"
    return _synthetic_network(gemeinden), "synthetic"


def _has_geocode(ruhrmap: Path) -> bool:
    try:
        return subprocess.run([str(ruhrmap), "geocode", "--help"], capture_output=True).returncode == 0
    except OSError:
        return False


def _network_from_example(ruhrmap: Path) -> Path:
    geocoded = vg250.CACHE / "example-partners-geocoded.csv"
    proc = subprocess.run([str(ruhrmap), "geocode", str(EXAMPLE_PARTNERS), "-o", str(geocoded)],
                          capture_output=True, text=True)
    if proc.returncode not in (0, 1):
        raise SystemExit(f"error: ruhrmap geocode {EXAMPLE_PARTNERS} failed:\n{proc.stderr[-2000:]}")
    rows = []
    with open(geocoded, newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            if row["project"] in FIGURE_PROJECTS and row["in_region"] == "true" and row["lon"]:
                rows.append({"project": row["project"], "id": row["id"], "name": row["name"],
                             "role": row["role"], "lon": row["lon"], "lat": row["lat"],
                             "municipality": row["municipality"], "ags": row["ags"], "source": "example"})
    tmp = NETWORK_CSV.with_name(NETWORK_CSV.name + ".tmp")
    with open(tmp, "w", newline="", encoding="utf-8") as f:
        writer = csv.DictWriter(f, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    return _replace(tmp, NETWORK_CSV)


def _synthetic_network(gemeinden=None) -> Path:
    import numpy as np
    import pandas as pd

    gemeinden = vg250.load_gemeinden() if gemeinden is None else gemeinden
    ruhr = vg250.ruhr(gemeinden).sort_values("AGS").reset_index(drop=True)
    # A point inside each municipality, as ruhrmap's gazetteer has one.
    seats = ruhr.geometry.representative_point()
    rng = np.random.default_rng(NETWORK_SEED)
    rows = []
    for project, seat_ags, core, loose in PROJECTS:
        seat = int(ruhr.index[ruhr["AGS"] == seat_ags][0])
        picks = [(seat, "coordinator")]
        picks += [(int(i), "core") for i in rng.choice(len(ruhr), core, replace=True)]
        picks += [(int(i), "loose") for i in rng.choice(len(ruhr), loose, replace=True)]
        for n, (i, role) in enumerate(picks, start=1):
            rows.append({
                "project": project, "id": f"{project}-{n:02d}", "name": f"Partner {project}-{n:02d}",
                "role": role, "lon": round(seats.iloc[i].x, 6), "lat": round(seats.iloc[i].y, 6),
                "municipality": ruhr.at[i, "GEN"], "ags": ruhr.at[i, "AGS"], "source": "synthetic",
            })
    tmp = NETWORK_CSV.with_name(NETWORK_CSV.name + ".tmp")
    pd.DataFrame(rows).to_csv(tmp, index=False)
    return _replace(tmp, NETWORK_CSV)


if __name__ == "__main__":
    import sys

    shared = None if RUHR_GEOJSON.is_file() and NETWORK_CSV.is_file() else vg250.load_gemeinden()
    print(ensure_ruhr_geojson(shared))
    print(*ensure_network(shared, Path(sys.argv[1]) if len(sys.argv) > 1 else None))
