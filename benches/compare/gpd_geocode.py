"""The obvious geopandas script for geocoding a CSV of coordinates to
municipalities, timed by compare.py as a whole process (the equivalent of
`ruhrmap geocode POINTS.csv -o OUT.csv`):

    read_csv -> points_from_xy -> sjoin against the Ruhr -> sjoin of the
    remaining points against Germany -> to_csv

Usage: python gpd_geocode.py POINTS.csv OUT.csv

Writes the input columns plus ags, municipality, in_region, one row per
input row in input order; points outside Germany keep empty fields.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import geopandas as gpd
import pandas as pd

import vg250


def main() -> None:
    if len(sys.argv) != 3:
        sys.exit("usage: python gpd_geocode.py POINTS.csv OUT.csv")
    source, target = Path(sys.argv[1]), Path(sys.argv[2])

    table = pd.read_csv(source)
    points = gpd.GeoDataFrame(
        table, geometry=gpd.points_from_xy(table["lon"], table["lat"]), crs="EPSG:4326"
    )
    gemeinden = vg250.load_gemeinden()
    ruhr = vg250.ruhr(gemeinden)

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


if __name__ == "__main__":
    main()
