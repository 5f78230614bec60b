"""The geopandas + matplotlib equivalent of a 3-panel ruhrmap network
figure, timed by compare.py as a whole process:

    python gpd_figure.py BOUNDARIES.geojson PARTNERS.csv OUTDIR

BOUNDARIES.geojson holds the 53 Ruhr municipalities (AGS, GEN, geometry),
prepared once by compare.py from the VG250 GeoJSON, so this script does not
pay for parsing all of Germany. PARTNERS.csv has one geocoded partner per row
with the columns project, id, name, role (coordinator | core | loose), lon,
lat, municipality; the first three projects in file order become the panels.

Drawn like ruhrmap's Figs. 2-5: 160 mm wide, a 2 x 2 grid (three panels and
the shared legend) in EPSG:25832 with a shared extent; municipalities shaded
by Kreis (the `kreise` sub-regions), Kreis borders and the region outline on
top; links from the coordinator to every partner (core solid, loose dashed)
under the markers; the municipalities with partners labelled; a scale bar, a
north arrow, and the BKG attribution. Writes OUTDIR/figure3.png (200 dpi)
and OUTDIR/figure3.svg.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
# Deterministic SVG: fixed ids and no date in the metadata.
matplotlib.rcParams["svg.hashsalt"] = "ruhrmap-compare"
matplotlib.rcParams["svg.fonttype"] = "none"

import geopandas as gpd  # noqa: E402
import matplotlib.patheffects as effects  # noqa: E402
import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402
from matplotlib.lines import Line2D  # noqa: E402

MM = 1 / 25.4
METRIC_CRS = "EPSG:25832"
# Paul Tol's "muted" scheme: colour-blind safe, distinct in grey; light tints
# of it shade the sub-regions.
PALETTE = ["#CC6677", "#332288", "#DDCC77", "#117733", "#88CCEE",
           "#882255", "#44AA99", "#999933", "#AA4499", "#DDDDDD"]
ROLE_STYLE = {
    "coordinator": dict(marker="s", s=22, color="#332288", zorder=6, label="Projektkoordination"),
    "core": dict(marker="o", s=12, color="#CC6677", zorder=5, label="Verbundpartner:innen"),
    "loose": dict(marker="o", s=7, color="#DDCC77", zorder=4, label="weitere Kooperationspartner:innen"),
}


def lighten(hex_colour: str, amount: float = 0.7) -> tuple:
    r, g, b = (int(hex_colour[i:i + 2], 16) / 255 for i in (1, 3, 5))
    return (r + (1 - r) * amount, g + (1 - g) * amount, b + (1 - b) * amount)


def main() -> None:
    if len(sys.argv) != 4:
        sys.exit("usage: python gpd_figure.py BOUNDARIES.geojson PARTNERS.csv OUTDIR")
    boundaries_path, partners_path, out_dir = (Path(a) for a in sys.argv[1:])

    municipalities = gpd.read_file(boundaries_path).to_crs(METRIC_CRS)
    municipalities["kreis"] = municipalities["AGS"].str[:5]
    kreise = municipalities.dissolve(by="kreis").reset_index()
    outline = municipalities.union_all()
    shade = {k: lighten(PALETTE[i % len(PALETTE)]) for i, k in enumerate(sorted(kreise["kreis"]))}
    municipalities["fill"] = municipalities["kreis"].map(shade)

    table = pd.read_csv(partners_path, dtype={"ags": str})
    partners = gpd.GeoDataFrame(
        table, geometry=gpd.points_from_xy(table["lon"], table["lat"]), crs="EPSG:4326"
    ).to_crs(METRIC_CRS)
    projects = list(dict.fromkeys(partners["project"]))[:3]

    x0, y0, x1, y1 = municipalities.total_bounds
    pad = 0.02 * (x1 - x0)
    fig, axes = plt.subplots(2, 2, figsize=(160 * MM, 118 * MM), layout="constrained")
    fig.suptitle(f"Netzwerke der Projekte {', '.join(projects[:-1])} und {projects[-1]}", fontsize=9)
    for ax, project in zip(axes.flat, projects):
        ax.set_title(project, fontsize=8, loc="left")
        municipalities.plot(ax=ax, color=municipalities["fill"], edgecolor="white", linewidth=0.2)
        kreise.boundary.plot(ax=ax, color="#666666", linewidth=0.4)
        gpd.GeoSeries([outline], crs=METRIC_CRS).boundary.plot(ax=ax, color="#222222", linewidth=0.8)

        members = partners[partners["project"] == project]
        hubs = members[members["role"] == "coordinator"].geometry
        for role, dash in (("loose", (0, (2, 1.5))), ("core", "solid")):
            # A coordinator outside the map has no links drawn on it.
            for point in members[members["role"] == role].geometry if len(hubs) else []:
                hub = hubs.iloc[0]
                ax.plot([hub.x, point.x], [hub.y, point.y], color="#555555",
                        linewidth=0.5 if role == "core" else 0.35, linestyle=dash, zorder=3)
        for role, style in ROLE_STYLE.items():
            chosen = members[members["role"] == role]
            ax.scatter(chosen.geometry.x, chosen.geometry.y, edgecolors="black",
                       linewidths=0.3, **{k: v for k, v in style.items() if k != "label"})
        labelled = members.groupby("municipality").geometry.first()
        for name, point in labelled.items():
            ax.annotate(name, (point.x, point.y), xytext=(3, 2), textcoords="offset points",
                        fontsize=4.5, zorder=7,
                        path_effects=[effects.withStroke(linewidth=1.2, foreground="white")])

        ax.set_xlim(x0 - pad, x1 + pad)
        ax.set_ylim(y0 - pad, y1 + pad)
        ax.set_aspect("equal")
        ax.set_axis_off()

    # Scale bar (20 km) and north arrow in the first panel.
    first = axes.flat[0]
    bar_x, bar_y = x0 + pad, y0 + pad
    first.plot([bar_x, bar_x + 20_000], [bar_y, bar_y], color="black", linewidth=1.2, zorder=8)
    first.text(bar_x + 10_000, bar_y + 1_500, "20 km", ha="center", fontsize=5, zorder=8)
    first.annotate("N", xy=(x1 - pad, y1 - pad), xytext=(x1 - pad, y1 - 9 * pad), ha="center",
                   fontsize=6, arrowprops=dict(arrowstyle="-|>", color="black", linewidth=0.6))

    legend_ax = axes.flat[3]
    legend_ax.set_axis_off()
    handles = [Line2D([], [], marker=s["marker"], color="none", markerfacecolor=s["color"],
                      markeredgecolor="black", markeredgewidth=0.3, markersize=s["s"] ** 0.5,
                      label=s["label"]) for s in ROLE_STYLE.values()]
    handles += [Line2D([], [], color="#555555", linewidth=0.5, label="Kooperation (Verbund)"),
                Line2D([], [], color="#555555", linewidth=0.35, linestyle=(0, (2, 1.5)),
                       label="Kooperation (weitere)")]
    legend_ax.legend(handles=handles, loc="upper left", fontsize=6, frameon=False)
    legend_ax.text(0, 0, "© GeoBasis-DE / BKG (2017)", fontsize=5, transform=legend_ax.transAxes)

    out_dir.mkdir(parents=True, exist_ok=True)
    for suffix, options in (("png", dict(dpi=200)), ("svg", dict(metadata={"Date": None}))):
        target = out_dir / f"figure3.{suffix}"
        tmp = out_dir / f".figure3.tmp.{suffix}"
        fig.savefig(tmp, format=suffix, **options)
        os.replace(tmp, target)


if __name__ == "__main__":
    main()
