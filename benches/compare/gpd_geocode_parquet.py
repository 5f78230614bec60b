"""The geocoding script a seasoned geopandas user would write: the
boundaries are prepared once as GeoParquet (`prepare`, not timed by
compare.py), and every geocoding run reads them with `read_parquet`
instead of parsing the 77.5 MB GeoJSON. Otherwise the same steps and
output as gpd_geocode.py:

    read_parquet -> read_csv -> points_from_xy -> sjoin against the Ruhr
    -> sjoin of the remaining points against Germany -> to_csv

Usage:
    python gpd_geocode_parquet.py prepare [GEMEINDEN.parquet]
    python gpd_geocode_parquet.py POINTS.csv OUT.csv [GEMEINDEN.parquet]

The Parquet file defaults to cache/gemeinden.parquet.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import geopandas as gpd
import pandas as pd

import vg250

DEFAULT_PARQUET = vg250.CACHE / "gemeinden.parquet"


def prepare(target: Path) -> None:
    """Writes the 11,299 municipalities (AGS, GEN, BEZ, geometry) as GeoParquet."""
    gemeinden = vg250.load_gemeinden()
    tmp = target.with_name(target.name + ".tmp")
    gemeinden.to_parquet(tmp, index=False)
    os.replace(tmp, target)


def geocode(source: Path, target: Path, parquet: Path) -> None:
    if not parquet.is_file():
        sys.exit(f"error: {parquet} is missing; run `python {Path(__file__).name} prepare` first")
    gemeinden = gpd.read_parquet(parquet)
    if len(gemeinden) != vg250.GERMANY_MUNICIPALITY_COUNT:
        sys.exit(f"error: {parquet} holds {len(gemeinden)} municipalities, expected {vg250.GERMANY_MUNICIPALITY_COUNT}")
    ruhr = vg250.ruhr(gemeinden)

    table = pd.read_csv(source)
    points = gpd.GeoDataFrame(
        table, geometry=gpd.points_from_xy(table["lon"], table["lat"]), crs="EPSG:4326"
    )
    # Keep one match per point: a point on a shared border could match twice.
    in_ruhr = gpd.sjoin(points, ruhr, how="inner", predicate="within")
    in_ruhr = in_ruhr[~in_ruhr.index.duplicated()]
    rest = points[~points.index.isin(in_ruhr.index)]
    in_germany = gpd.sjoin(rest, gemeinden, how="inner", predicate="within")
    in_germany = in_germany[~in_germany.index.duplicated()]

    result = table.copy()
    result["ags"] = pd.Series(dtype=object)
    result["municipality"] = pd.Series(dtype=object)
    result["in_region"] = False
    for found, inside in ((in_ruhr, True), (in_germany, False)):
        result.loc[found.index, "ags"] = found["AGS"].values
        result.loc[found.index, "municipality"] = found["GEN"].values
        result.loc[found.index, "in_region"] = inside

    tmp = target.with_name(target.name + ".tmp")
    result.to_csv(tmp, index=False)
    os.replace(tmp, target)


def main() -> None:
    args = sys.argv[1:]
    if args[:1] == ["prepare"] and len(args) <= 2:
        prepare(Path(args[1]) if len(args) == 2 else DEFAULT_PARQUET)
    elif len(args) in (2, 3) and args[0] != "prepare":
        parquet = Path(args[2]) if len(args) == 3 else DEFAULT_PARQUET
        geocode(Path(args[0]), Path(args[1]), parquet)
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main()
