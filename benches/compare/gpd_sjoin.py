"""geopandas side of the loading and point-in-polygon benchmarks, timed
inside one process with time.perf_counter, one repetition per process
(compare.py alternates the processes with the ruhrmap ones).

Usage:
    python gpd_sjoin.py [--dump DIR] [--no-load-reference] BOX:POINTS.csv...

BOX is `ruhr` (points joined with the 53 Ruhr municipalities) or `germany`
(joined with all 11,299). Prints one JSON object on stdout:

    {"load_json_s": ..., "load_pyogrio_s": ..., "municipalities": 11299,
     "points": [{"box", "file", "count", "read_s", "index_s", "sjoin_s",
                 "total_s", "matched"}]}

`index_s` builds the STRtree over the polygons (geopandas does that inside
the first sjoin); `sjoin_s` is `sjoin(points, polygons, predicate="within")`
with that tree built; `total_s` is their sum, the time of a cold sjoin.
With --dump DIR, writes DIR/gpd-BOX-COUNT.csv (id,ags) for the agreement check.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

import geopandas as gpd
import pandas as pd

import vg250


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("inputs", nargs="+", metavar="BOX:POINTS.csv")
    parser.add_argument("--dump", type=Path, help="write id,ags per point into this folder")
    parser.add_argument(
        "--no-load-reference", action="store_true",
        help="skip the (incomplete) pyogrio reading that is timed for reference",
    )
    args = parser.parse_args()

    jobs = []
    for item in args.inputs:
        box, sep, file = item.partition(":")
        if not sep or box not in vg250.BBOXES:
            sys.exit(f"error: {item!r}: expected BOX:POINTS.csv with BOX one of {sorted(vg250.BBOXES)}")
        jobs.append((box, Path(file)))

    report: dict = {}
    path = vg250.geojson_path()
    start = time.perf_counter()
    gemeinden = vg250.load_gemeinden(path)
    report["load_json_s"] = time.perf_counter() - start
    report["municipalities"] = len(gemeinden)
    if not args.no_load_reference:
        start = time.perf_counter()
        partial = vg250.load_gemeinden_pyogrio(path)
        report["load_pyogrio_s"] = time.perf_counter() - start
        report["load_pyogrio_rows"] = len(partial)
        del partial

    report["points"] = []
    for box, file in jobs:
        start = time.perf_counter()
        table = pd.read_csv(file)
        points = gpd.GeoDataFrame(
            table[["id"]], geometry=gpd.points_from_xy(table["lon"], table["lat"]), crs="EPSG:4326"
        )
        read_s = time.perf_counter() - start

        # A fresh frame per job: no spatial index cached from an earlier join.
        polygons = (vg250.ruhr(gemeinden) if box == "ruhr" else gemeinden).copy()
        start = time.perf_counter()
        polygons.sindex  # noqa: B018 — builds the STRtree, as sjoin would
        index_s = time.perf_counter() - start
        start = time.perf_counter()
        joined = gpd.sjoin(points, polygons, how="inner", predicate="within")
        sjoin_s = time.perf_counter() - start

        report["points"].append({
            "box": box, "file": str(file), "count": len(points), "read_s": read_s,
            "index_s": index_s, "sjoin_s": sjoin_s, "total_s": index_s + sjoin_s,
            "matched": int(joined.index.nunique()),
        })
        if args.dump:
            args.dump.mkdir(parents=True, exist_ok=True)
            first = joined[~joined.index.duplicated()]
            ags = pd.Series("", index=points.index, dtype=object)
            ags.loc[first.index] = first["AGS"].values
            out = args.dump / f"gpd-{box}-{len(points)}.csv"
            tmp = out.with_suffix(".csv.tmp")
            pd.DataFrame({"id": table["id"], "ags": ags}).to_csv(tmp, index=False)
            os.replace(tmp, out)

    json.dump(report, sys.stdout)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
