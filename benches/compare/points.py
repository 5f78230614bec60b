"""Seeded random points, written once as CSV (id,lon,lat) into the cache so
that both sides of the comparison read the very same bytes.

The points are uniform in a bounding box (vg250.BBOXES), drawn with numpy's
PCG64 from a fixed seed, and written with 7 decimals (about 1 cm), so a file
is identical on every machine with the pinned numpy. Usage:

    python points.py ruhr 100000      # prints the path, generates if missing
"""

from __future__ import annotations

import hashlib
import os
import sys
from pathlib import Path

from vg250 import BBOXES, CACHE, points_csv

SEED = 20170101


def ensure_points(bbox_name: str, count: int) -> Path:
    """Returns the CSV of `count` points in the named box, writing it first
    (to a temporary file in the same folder, then renamed) if it is missing."""
    import numpy as np

    path = points_csv(bbox_name, count)
    if path.is_file():
        return path
    min_lon, min_lat, max_lon, max_lat = BBOXES[bbox_name]
    # One stream per (box, size), so adding a size never changes another file.
    box_index = sorted(BBOXES).index(bbox_name)
    rng = np.random.default_rng([SEED, box_index, count])
    lon = rng.uniform(min_lon, max_lon, count)
    lat = rng.uniform(min_lat, max_lat, count)
    CACHE.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".csv.tmp")
    with open(tmp, "w", newline="\n") as f:
        f.write("id,lon,lat\n")
        f.writelines(f"{i},{x:.7f},{y:.7f}\n" for i, (x, y) in enumerate(zip(lon, lat), start=1))
    os.replace(tmp, path)
    return path


def fingerprint(path: Path) -> str:
    """The first 16 hex digits of the file's SHA-256, for the report."""
    return hashlib.sha256(path.read_bytes()).hexdigest()[:16]


if __name__ == "__main__":
    if len(sys.argv) != 3 or sys.argv[1] not in BBOXES:
        sys.exit(f"usage: python points.py {{{'|'.join(sorted(BBOXES))}}} COUNT")
    print(ensure_points(sys.argv[1], int(sys.argv[2])))
