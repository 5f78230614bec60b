"""Inputs of the comparison that are derived from the VG250 GeoJSON once and
cached, outside every timed process:

- cache/ruhr-gemeinden.geojson: the 53 Ruhr municipalities at full
  resolution (AGS, GEN), which the matplotlib figure script reads instead of
  parsing all of Germany;
- cache/network-3panel.csv: a seeded illustrative network of three projects
  (a coordinator, core and looser partners each, on Ruhr municipalities) for
  the 3-panel figure on both sides.

Usage: python inputs.py   # writes whatever is missing, prints the paths
"""

from __future__ import annotations

import os
from pathlib import Path

import vg250

RUHR_GEOJSON = vg250.CACHE / "ruhr-gemeinden.geojson"
NETWORK_CSV = vg250.CACHE / "network-3panel.csv"
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


def ensure_network(gemeinden=None) -> Path:
    if NETWORK_CSV.is_file():
        return NETWORK_CSV
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
                "municipality": ruhr.at[i, "GEN"], "ags": ruhr.at[i, "AGS"],
            })
    tmp = NETWORK_CSV.with_name(NETWORK_CSV.name + ".tmp")
    pd.DataFrame(rows).to_csv(tmp, index=False)
    return _replace(tmp, NETWORK_CSV)


if __name__ == "__main__":
    shared = None if RUHR_GEOJSON.is_file() and NETWORK_CSV.is_file() else vg250.load_gemeinden()
    print(ensure_ruhr_geojson(shared))
    print(ensure_network(shared))
