"""Agreement with GEOS: for 100,000 seeded random points in the Ruhr bounding
box, the municipality (AGS) that ruhrmap finds must equal the one shapely
(GEOS) finds on the unsimplified source GeoJSON for at least 99.99 % of the
points, so that any quantisation of the shipped geometry stays at
centimetres.

Usage (after `bash benches/compare/setup.sh`):

    benches/compare/.venv/bin/python benches/compare/crosscheck_geos.py
        [--points 100000] [--box ruhr] [--via geocode|bench_locate] [--no-build]

--via geocode (default) runs `ruhrmap geocode POINTS.csv -o OUT.csv`;
--via bench_locate runs the point-in-polygon example on the same index
(MunicipalityIndex over all German municipalities) without the CSV front end.

Exit status: 0 at or above 99.99 % agreement, 1 below, 2 on any error.
Each disagreeing point is listed with both answers and its distance to the
nearest border of the polygon GEOS chose, in metres (EPSG:25832).
"""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

import points as seeded
import vg250
from compare import ROOT, StepFailed, read_assignments, target_dir

TARGET_PERCENT = 99.99


def shapely_assignments(points_csv: Path):
    """ids in file order, and per point the set of AGS whose polygon contains
    it (empty outside Germany; two where source polygons overlap)."""
    import geopandas as gpd
    import pandas as pd

    gemeinden = vg250.load_gemeinden()
    table = pd.read_csv(points_csv, dtype={"id": str})
    geoms = gpd.points_from_xy(table["lon"], table["lat"], crs="EPSG:4326")
    point_at, polygon_at = gemeinden.sindex.query(geoms, predicate="within")
    found: list[set[str]] = [set() for _ in range(len(table))]
    ags = gemeinden["AGS"].to_numpy()
    for p, g in zip(point_at, polygon_at):
        found[p].add(ags[g])
    return list(table["id"]), found, geoms, gemeinden


def ruhrmap_assignments(points_csv: Path, via: str, work: Path, box: str, build: bool) -> list[tuple[str, str]]:
    work.mkdir(parents=True, exist_ok=True)
    if via == "geocode":
        binary = target_dir() / "release" / "ruhrmap"
        if build:
            run(["cargo", "build", "--release", "--bin", "ruhrmap"], cwd=ROOT)
        if subprocess.run([str(binary), "geocode", "--help"], capture_output=True).returncode != 0:
            raise StepFailed(f"{binary} has no `geocode` subcommand yet; use --via bench_locate meanwhile")
        out = work / "rm-geocode.csv"
        # Exit 1 only reports unresolved rows (points outside Germany); the output is complete.
        run([str(binary), "geocode", str(points_csv), "-o", str(out)], ok_codes=(0, 1))
        return read_assignments(out)
    binary = target_dir() / "release" / "examples" / "bench_locate"
    if build:
        run(["cargo", "build", "--release", "--example", "bench_locate"], cwd=ROOT)
    # `germany` scope: every municipality is a candidate, as for geocoding.
    run([str(binary), "--dump", str(work), f"germany:{points_csv}"])
    count = sum(1 for _ in open(points_csv)) - 1
    return read_assignments(work / f"rm-germany-{count}.csv")


def run(cmd: list[str], ok_codes=(0,), cwd: Path | None = None) -> None:
    proc = subprocess.run(cmd, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    if proc.returncode not in ok_codes:
        raise StepFailed(f"`{' '.join(cmd)}` exited with {proc.returncode}:\n{proc.stderr[-3000:]}")


def border_distance_m(point, polygon) -> float:
    """Distance from a point to a polygon's boundary in metres (EPSG:25832)."""
    import geopandas as gpd

    both = gpd.GeoSeries([point, polygon.boundary], crs="EPSG:4326").to_crs("EPSG:25832")
    return float(both.iloc[0].distance(both.iloc[1]))


def main() -> int:
    parser = argparse.ArgumentParser(description="ruhrmap against GEOS, point by point")
    parser.add_argument("--points", type=int, default=100_000)
    parser.add_argument("--box", choices=sorted(vg250.BBOXES), default="ruhr")
    parser.add_argument("--via", choices=("geocode", "bench_locate"), default="geocode")
    parser.add_argument("--no-build", action="store_true")
    args = parser.parse_args()

    points_csv = seeded.ensure_points(args.box, args.points)
    ids, expected, geoms, gemeinden = shapely_assignments(points_csv)
    got = ruhrmap_assignments(points_csv, args.via, vg250.CACHE / "crosscheck", args.box, not args.no_build)
    if [i for i, _ in got] != ids:
        raise StepFailed("ruhrmap's output does not list the input ids in input order")

    overlapping = sum(1 for s in expected if len(s) > 1)
    # Where source polygons overlap (self-intersecting rings), either answer agrees.
    differ = [n for n, ((_, a), e) in enumerate(zip(got, expected)) if (a not in e if e else a != "")]
    percent = 100.0 * (len(ids) - len(differ)) / len(ids)
    print(f"points: {len(ids):,} seeded in the {args.box} box ({points_csv.name}, sha256 {seeded.fingerprint(points_csv)})")
    print(f"ruhrmap via {args.via}; GEOS via shapely {__import__('shapely').__version__} on {vg250.geojson_path()}")
    print(f"inside a municipality per GEOS: {sum(1 for e in expected if e):,}; "
          f"in two overlapping source polygons: {overlapping}")
    print(f"agreement: {len(ids) - len(differ):,} of {len(ids):,} = {percent:.4f} % (target >= {TARGET_PERCENT} %)")
    by_ags = gemeinden.set_index("AGS").geometry
    for n in differ[:20]:
        a = got[n][1] or "(none)"
        e = "/".join(sorted(expected[n])) or "(none)"
        reference = by_ags[sorted(expected[n])[0]] if expected[n] else by_ags[got[n][1]]
        distance = border_distance_m(geoms[n], reference)
        print(f"  point {ids[n]} ({geoms[n].x:.7f}, {geoms[n].y:.7f}): GEOS {e}, ruhrmap {a}, "
              f"{distance:.4f} m from that municipality's border")
    if len(differ) > 20:
        print(f"  ... and {len(differ) - 20} more")
    return 0 if percent >= TARGET_PERCENT else 1


if __name__ == "__main__":
    try:
        sys.exit(main())
    except StepFailed as e:
        print(f"error: {e}", file=sys.stderr)
        sys.exit(2)
