"""Runs the same work with geopandas and with ruhrmap, alternating, and
reports medians, ratios, peak memory and whether both sides assign the same
municipality to every point.

Usage (after `bash benches/compare/setup.sh`; run.sh does both):

    benches/compare/.venv/bin/python benches/compare/compare.py [--runs 5]
        [--sizes 100000,1000000] [--geocode ruhr:1000000] [--no-build]
        [--render-config PATH] [--json OUT.json]
        [--steps geo,workbook] [--workbook-rows 100000]

Work compared (each run starts fresh processes; the order of the two sides
flips from one run to the next so drift on the machine hits both alike):

- loading the VG250 GeoJSON: json + GeoDataFrame.from_features (the
  complete way; pyogrio is timed too for reference, but drops 132
  municipalities) against ruhrmap's importer reading the same file;
- point in polygon: sjoin(points, polygons, predicate="within") against
  MunicipalityIndex::locate, on the same seeded points, Ruhr points against
  the 53 Ruhr municipalities and Germany points against all; both timed
  inside the process (gpd_sjoin.py, examples/bench_locate.rs);
- geocoding a CSV end to end, as whole processes: gpd_geocode.py against
  `ruhrmap geocode POINTS.csv -o OUT.csv`;
- a 3-panel network figure (PNG at 200 dpi + SVG), as whole processes:
  gpd_figure.py against `ruhrmap render CONFIG -o OUTDIR`;
- step `workbook`: reading a seeded 1e5-row partner workbook (.xlsx, written
  once by workbook.py with openpyxl): pandas.read_excel(engine="openpyxl")
  against ruhrmap::table::read_any_table, each timed inside its process
  (workbook.py read, examples/bench_workbook.rs), and the whole processes
  (interpreter start and `import pandas` on one side, process start on the
  other) from the outside.

`--steps` chooses what runs: `geo` (everything above but the workbook) and
`workbook`; both by default.

Peak memory is the maximum resident set size from GNU `/usr/bin/time -v`.
Exit status: 0 when everything that ran agreed to at least 99.99 %,
1 below that, 2 when a step failed.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import inputs
import points as seeded
import vg250

HERE = vg250.HERE
ROOT = HERE.parent.parent
PYTHON = sys.executable
AGREEMENT_TARGET = 99.99


class StepFailed(Exception):
    """A benchmark process failed; carries what it printed."""


def target_dir() -> Path:
    return Path(os.environ.get("CARGO_TARGET_DIR", ROOT / "target"))


def timed(cmd: list[str], ok_codes=(0,), cwd: Path = HERE, threads: int | None = None) -> dict:
    """Runs cmd under GNU time; returns wall seconds, peak RSS (MB), stdout.
    With `threads`, rayon inside cmd uses that many threads (RAYON_NUM_THREADS)."""
    env = dict(os.environ)
    if threads is not None:
        env["RAYON_NUM_THREADS"] = str(threads)
    with tempfile.NamedTemporaryFile("r", suffix=".time") as report:
        start = time.perf_counter()
        proc = subprocess.run(["/usr/bin/time", "-v", "-o", report.name, *cmd],
                              cwd=cwd, capture_output=True, text=True, env=env)
        wall = time.perf_counter() - start
        rss_kb = None
        for line in report.read().splitlines():
            if "Maximum resident set size" in line:
                rss_kb = int(line.rsplit(":", 1)[1])
    if proc.returncode not in ok_codes:
        raise StepFailed(f"`{' '.join(cmd)}` exited with {proc.returncode}:\n{proc.stderr[-3000:]}")
    return {"wall_s": wall, "rss_mb": rss_kb / 1024 if rss_kb else None, "stdout": proc.stdout}


def available(cmd: list[str]) -> bool:
    try:
        return subprocess.run(cmd, capture_output=True).returncode == 0
    except OSError:
        return False


def build(skip: bool) -> None:
    if skip:
        return
    print("building the release binaries (cargo build --release) ...", file=sys.stderr)
    proc = subprocess.run(["cargo", "build", "--release", "--bin", "ruhrmap", "--example", "bench_locate",
                           "--example", "bench_workbook"], cwd=ROOT)
    if proc.returncode != 0:
        raise StepFailed("cargo build --release failed")


def describe_environment() -> dict:
    """What the numbers depend on: versions, commit, CPU, load on the machine."""
    import geopandas
    import shapely

    cpu = next((line.split(":", 1)[1].strip() for line in open("/proc/cpuinfo") if line.startswith("model name")), "?")
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True)
    dirty = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"], cwd=ROOT,
                           capture_output=True, text=True)
    return {
        "cpu": cpu, "cores": os.cpu_count(), "python": sys.version.split()[0],
        "geopandas": geopandas.__version__, "shapely": shapely.__version__, "geos": shapely.geos_version_string,
        "ruhrmap_commit": commit.stdout.strip() + (" (with uncommitted changes)" if dirty.stdout.strip() else ""),
        "load_average_before": os.getloadavg(),
    }


def median(values):
    values = [v for v in values if v is not None]
    return statistics.median(values) if values else None


def read_assignments(path: Path, id_column: str = "id", ags_column: str = "ags") -> list[tuple[str, str]]:
    """(id, ags) per row, in file order, from a CSV with those columns (the
    first column of each name counts, as ruhrmap appends after the input)."""
    with open(path, newline="", encoding="utf-8-sig") as f:
        reader = csv.reader(f)
        header = next(reader)
        try:
            id_at, ags_at = header.index(id_column), header.index(ags_column)
        except ValueError:
            raise StepFailed(f"{path}: line 1: expected columns {id_column!r} and {ags_column!r}, found {header}")
        return [(row[id_at], row[ags_at]) for row in reader]


def agreement(left: Path, right: Path) -> dict:
    a, b = read_assignments(left), read_assignments(right)
    if [i for i, _ in a] != [i for i, _ in b]:
        raise StepFailed(f"{left} and {right} do not hold the same ids in the same order")
    differ = [(i, x, y) for (i, x), (_, y) in zip(a, b) if x != y]
    return {"points": len(a), "differ": len(differ), "percent": 100.0 * (len(a) - len(differ)) / len(a),
            "examples": differ[:10], "left": str(left), "right": str(right)}


def main() -> int:
    parser = argparse.ArgumentParser(description="geopandas against ruhrmap, side by side")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--sizes", default="100000,1000000", help="point counts for point in polygon")
    parser.add_argument("--geocode", default="ruhr:1000000", help="BOX:COUNT of the end-to-end geocoding input")
    parser.add_argument("--no-build", action="store_true", help="use the release binaries as they are")
    parser.add_argument("--render-config", type=Path, default=HERE / "figure3.toml",
                        help="ruhrmap render config of the 3-panel figure")
    parser.add_argument("--json", type=Path, default=vg250.CACHE / "results.json")
    parser.add_argument("--steps", default="geo,workbook", help="comma-separated: geo, workbook")
    parser.add_argument("--workbook-rows", type=int, default=100000, help="rows of the partner workbook")
    args = parser.parse_args()
    steps = set(args.steps.split(","))
    if not steps <= {"geo", "workbook"}:
        raise StepFailed(f"--steps {args.steps}: expected a comma-separated list of geo, workbook")
    if "workbook" in steps:
        if "geo" not in steps:
            build(args.no_build)
        result = workbook_step(args.runs, args.workbook_rows)
        path = args.json.with_name(args.json.stem + "-workbook.json")
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(result, indent=2) + "\n")
        print(workbook_report(result))
        if "geo" not in steps:
            return 0
        args.no_build = True

    if not Path("/usr/bin/time").exists():
        raise StepFailed("GNU time is missing: run `bash benches/compare/setup.sh` (installs Debian package time)")
    geojson = vg250.geojson_path()
    sizes = [int(s) for s in args.sizes.split(",")]
    geocode_box, _, geocode_count = args.geocode.partition(":")
    point_sets = {(box, n): seeded.ensure_points(box, n) for box in ("ruhr", "germany") for n in sizes}
    geocode_points = seeded.ensure_points(geocode_box, int(geocode_count))

    build(args.no_build)
    ruhrmap = target_dir() / "release" / "ruhrmap"
    bench_locate = target_dir() / "release" / "examples" / "bench_locate"
    shared = None if inputs.RUHR_GEOJSON.is_file() and inputs.NETWORK_CSV.is_file() else vg250.load_gemeinden(geojson)
    ruhr_geojson = inputs.ensure_ruhr_geojson(shared)
    network_csv, network_origin = inputs.ensure_network(shared, ruhrmap)
    del shared
    have_geocode = available([str(ruhrmap), "geocode", "--help"])
    have_render = available([str(ruhrmap), "render", "--help"]) and args.render_config.is_file()

    # the seasoned user's variant reads the boundaries as GeoParquet, prepared
    # once here and not timed (like the GeoJSON download)
    parquet = vg250.CACHE / "gemeinden.parquet"
    if not parquet.is_file():
        print(f"preparing {parquet} (not timed)", file=sys.stderr)
        subprocess.run([PYTHON, "gpd_geocode_parquet.py", "prepare", str(parquet)], cwd=HERE, check=True)

    environment = describe_environment()
    work = vg250.CACHE / "work"
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    jobs = [f"{box}:{path}" for (box, _), path in sorted(point_sets.items())]
    samples: dict[str, list] = {}

    def record(key, value):
        samples.setdefault(key, []).append(value)

    for run in range(args.runs):
        last = run == args.runs - 1
        dump = ["--dump", str(work / "dump")] if last else []
        sides = ["gpd", "rm"] if run % 2 == 0 else ["rm", "gpd"]
        print(f"run {run + 1}/{args.runs} ({' then '.join(sides)})", file=sys.stderr)
        for side in sides:
            if side == "gpd":
                r = timed([PYTHON, "gpd_sjoin.py", *dump, *jobs])
                out = json.loads(r["stdout"])
                record("gpd.inprocess.rss_mb", r["rss_mb"])
                record("gpd.load_json_s", out["load_json_s"])
                record("gpd.load_pyogrio_s", out["load_pyogrio_s"])
                for p in out["points"]:
                    key = f"{p['box']}-{p['count']}"
                    for field in ("index_s", "sjoin_s", "total_s"):
                        record(f"gpd.pip.{key}.{field}", p[field])

                r = timed([PYTHON, "gpd_geocode.py", str(geocode_points), str(work / "gpd-geocode.csv")])
                record("gpd.geocode.wall_s", r["wall_s"])
                record("gpd.geocode.rss_mb", r["rss_mb"])

                r = timed([PYTHON, "gpd_geocode_parquet.py", str(geocode_points),
                           str(work / "gpd-geocode-parquet.csv"), str(parquet)])
                record("gpd.geocode_parquet.wall_s", r["wall_s"])
                record("gpd.geocode_parquet.rss_mb", r["rss_mb"])

                r = timed([PYTHON, "gpd_figure.py", str(ruhr_geojson), str(network_csv), str(work / "fig-gpd")])
                record("gpd.figure.wall_s", r["wall_s"])
                record("gpd.figure.rss_mb", r["rss_mb"])
            else:
                r = timed([str(bench_locate), "--geojson", str(geojson), *dump, *jobs])
                out = json.loads(r["stdout"])
                record("rm.inprocess.rss_mb", r["rss_mb"])
                record("rm.load_embedded_s", out["load_s"])
                record("rm.load_geojson_s", out["geojson"]["load_geojson_s"])
                record("rm.threads", out["threads"])
                for p in out["points"]:
                    key = f"{p['box']}-{p['count']}"
                    for locator, timing in p["locators"].items():
                        for field in ("index_s", "locate_1core_s", "locate_allcores_s",
                                      "total_1core_s", "total_allcores_s"):
                            record(f"rm.pip.{key}.{locator}.{field}", timing[field])

                if have_geocode:
                    # Exit 1 means unresolved rows (points outside Germany), still a full output.
                    r = timed([str(ruhrmap), "geocode", str(geocode_points), "-o", str(work / "rm-geocode.csv")],
                              ok_codes=(0, 1))
                    record("rm.geocode.wall_s", r["wall_s"])
                    record("rm.geocode.rss_mb", r["rss_mb"])
                    r = timed([str(ruhrmap), "geocode", str(geocode_points), "-o", str(work / "rm-geocode-1.csv")],
                              ok_codes=(0, 1), threads=1)
                    record("rm.geocode1.wall_s", r["wall_s"])
                    record("rm.geocode1.rss_mb", r["rss_mb"])
                if have_render:
                    # the same files as the geopandas side: SVG and PNG (plus the layout report)
                    r = timed([str(ruhrmap), "render", str(args.render_config), "-o", str(work / "fig-rm"),
                               "--formats", "svg,png"], cwd=ROOT)
                    record("rm.figure.wall_s", r["wall_s"])
                    record("rm.figure.rss_mb", r["rss_mb"])

    checks = {}
    for (box, n) in sorted(point_sets):
        key = f"{box}-{n}"
        checks[f"point in polygon {key}"] = agreement(work / "dump" / f"gpd-{key}.csv", work / "dump" / f"rm-{key}.csv")
    if have_geocode:
        checks[f"geocode {args.geocode}"] = agreement(work / "gpd-geocode.csv", work / "rm-geocode.csv")
        checks[f"geocode {args.geocode}, GeoParquet variant"] = agreement(
            work / "gpd-geocode-parquet.csv", work / "rm-geocode.csv")

    med = {k: median(v) for k, v in samples.items()}
    environment["load_average_after"] = os.getloadavg()
    environment["figure_network"] = network_origin
    results = {"environment": environment, "runs": args.runs, "medians": med, "samples": samples, "agreement": checks,
               "available": {"ruhrmap geocode": have_geocode, "ruhrmap render (with a 3-panel config)": have_render},
               "inputs": {str(p.name): seeded.fingerprint(p) for p in [*point_sets.values(), geocode_points]}}
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(results, indent=2) + "\n")
    print(report(results, sizes, args.geocode))
    worst = min((c["percent"] for c in checks.values()), default=100.0)
    return 0 if worst >= AGREEMENT_TARGET else 1


def workbook_step(runs: int, rows: int) -> dict:
    """pandas.read_excel (openpyxl) against ruhrmap reading the same seeded
    workbook, alternating; in-process times and whole-process wall times."""
    import importlib.metadata as meta

    path = vg250.CACHE / f"partners-{rows}.xlsx"
    if not path.is_file():
        path.parent.mkdir(parents=True, exist_ok=True)
        print(f"writing {path} (not timed)", file=sys.stderr)
        subprocess.run([PYTHON, "workbook.py", "make", str(path), str(rows)], cwd=HERE, check=True)
    bench = target_dir() / "release" / "examples" / "bench_workbook"
    samples: dict[str, list] = {}
    load_before = os.getloadavg()
    for run in range(runs):
        sides = ["pandas", "rm"] if run % 2 == 0 else ["rm", "pandas"]
        print(f"workbook run {run + 1}/{runs} ({' then '.join(sides)})", file=sys.stderr)
        for side in sides:
            if side == "pandas":
                r = timed([PYTHON, "workbook.py", "read", str(path), "Partner"])
            else:
                r = timed([str(bench), f"{path}#Partner"])
            out = json.loads(r["stdout"])
            if out["rows"] != rows:
                raise StepFailed(f"{side} read {out['rows']} rows of {path}, expected {rows}")
            read_s = out["read_s"][0] if isinstance(out["read_s"], list) else out["read_s"]
            samples.setdefault(f"{side}.read_s", []).append(read_s)
            samples.setdefault(f"{side}.wall_s", []).append(r["wall_s"])
            samples.setdefault(f"{side}.rss_mb", []).append(r["rss_mb"])
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True)
    environment = {
        "cpu": next((line.split(":", 1)[1].strip() for line in open("/proc/cpuinfo")
                     if line.startswith("model name")), "?"),
        "cores": os.cpu_count(), "python": sys.version.split()[0], "pandas": meta.version("pandas"),
        "openpyxl": meta.version("openpyxl"), "ruhrmap_commit": commit.stdout.strip(),
        "load_average_before": load_before, "load_average_after": os.getloadavg(),
    }
    return {"environment": environment, "runs": runs, "rows": rows, "file": str(path),
            "bytes": path.stat().st_size, "samples": samples,
            "medians": {k: median(v) for k, v in samples.items()}}


def workbook_report(result: dict) -> str:
    m, env = result["medians"], result["environment"]
    return "\n".join([
        f"## Reading a {result['rows']:,}-row partner workbook ({result['bytes'] / 1e6:.1f} MB .xlsx), "
        f"medians of {result['runs']} alternating runs", "",
        f"{env['cpu']}, {env['cores']} cores; ruhrmap {env['ruhrmap_commit']}; pandas {env['pandas']}, "
        f"openpyxl {env['openpyxl']}, Python {env['python']}; load average "
        f"{env['load_average_before'][0]:.2f} before, {env['load_average_after'][0]:.2f} after.", "",
        "| work | pandas read_excel (openpyxl) | ruhrmap read_any_table | ratio |", "| --- | ---: | ---: | ---: |",
        f"| read the sheet, in-process | {fmt_s(m.get('pandas.read_s'))} | {fmt_s(m.get('rm.read_s'))} "
        f"| {ratio(m.get('pandas.read_s'), m.get('rm.read_s'))} |",
        f"| whole process (start, imports, read) | {fmt_s(m.get('pandas.wall_s'))} | {fmt_s(m.get('rm.wall_s'))} "
        f"| {ratio(m.get('pandas.wall_s'), m.get('rm.wall_s'))} |",
        f"| peak memory (max RSS) | {m.get('pandas.rss_mb') or 0:.0f} MB | {m.get('rm.rss_mb') or 0:.0f} MB | – |",
    ])


def fmt_s(v):
    if v is None:
        return "not yet available"
    return f"{v * 1000:.1f} ms" if v < 1 else f"{v:.2f} s"


def mps(count, seconds):
    return f"{count / seconds / 1e6:.2f} M/s" if seconds else "–"


def ratio(a, b):
    return f"{a / b:.1f}×" if a is not None and b else "–"


def report(results: dict, sizes: list[int], geocode: str) -> str:
    m = results["medians"]
    env = results["environment"]
    lines = [f"## Medians of {results['runs']} alternating runs ({m.get('rm.threads') or '?'} threads for all-core)", "",
             f"{env['cpu']}, {env['cores']} cores; ruhrmap {env['ruhrmap_commit']}; geopandas {env['geopandas']}, "
             f"shapely {env['shapely']}, GEOS {env['geos']}, Python {env['python']}; load average "
             f"{env['load_average_before'][0]:.2f} before, {env['load_average_after'][0]:.2f} after.", "",
             "| work | geopandas | ruhrmap | ratio |", "| --- | ---: | ---: | ---: |"]
    lines.append(f"| load VG250 GeoJSON (json + from_features; ruhrmap importer) | {fmt_s(m.get('gpd.load_json_s'))} "
                 f"| {fmt_s(m.get('rm.load_geojson_s'))} | {ratio(m.get('gpd.load_json_s'), m.get('rm.load_geojson_s'))} |")
    lines.append(f"| load VG250 GeoJSON (pyogrio, drops 132 municipalities) | {fmt_s(m.get('gpd.load_pyogrio_s'))} "
                 f"| {fmt_s(m.get('rm.load_geojson_s'))} | {ratio(m.get('gpd.load_pyogrio_s'), m.get('rm.load_geojson_s'))} |")
    lines.append(f"| ruhrmap: decode the embedded boundaries | – | {fmt_s(m.get('rm.load_embedded_s'))} | – |")
    lines.append(f"| geocode {geocode} CSV end to end, whole process, all cores | {fmt_s(m.get('gpd.geocode.wall_s'))} "
                 f"| {fmt_s(m.get('rm.geocode.wall_s'))} | {ratio(m.get('gpd.geocode.wall_s'), m.get('rm.geocode.wall_s'))} |")
    lines.append(f"| geocode {geocode} CSV end to end, whole process, 1 core | {fmt_s(m.get('gpd.geocode.wall_s'))} "
                 f"| {fmt_s(m.get('rm.geocode1.wall_s'))} | {ratio(m.get('gpd.geocode.wall_s'), m.get('rm.geocode1.wall_s'))} |")
    lines.append(f"| geocode {geocode} CSV, boundaries from GeoParquet prepared once, all cores "
                 f"| {fmt_s(m.get('gpd.geocode_parquet.wall_s'))} "
                 f"| {fmt_s(m.get('rm.geocode.wall_s'))} "
                 f"| {ratio(m.get('gpd.geocode_parquet.wall_s'), m.get('rm.geocode.wall_s'))} |")
    lines.append(f"| 3-panel figure, PNG 200 dpi + SVG, whole process | {fmt_s(m.get('gpd.figure.wall_s'))} "
                 f"| {fmt_s(m.get('rm.figure.wall_s'))} | {ratio(m.get('gpd.figure.wall_s'), m.get('rm.figure.wall_s'))} |")
    lines += ["", "Point in polygon, inside the process. geopandas: building the STRtree + `sjoin`; "
              "ruhrmap: building the locator + `locate` per point. Throughput ratio: `sjoin` alone "
              "against `locate` alone; total ratio: both including the build (ruhrmap builds its grid "
              "on all cores in both columns; the last column also locates on all cores, while "
              "geopandas' `sjoin` uses one). The grid for the points is built knowing the points "
              "(`GridLocator::for_points`): only the boundary cells they fall in get edges.", "",
              "| points | geopandas tree + sjoin | ruhrmap locator | build | locate, 1 core | locate, all cores "
              "| throughput ratio, 1 core | total ratio, 1 core | total ratio, all cores |",
              "| --- | ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: |"]
    for box in ("ruhr", "germany"):
        for n in sizes:
            key = f"{box}-{n}"
            g_total = m.get(f"gpd.pip.{key}.total_s")
            g_join = m.get(f"gpd.pip.{key}.sjoin_s")
            for locator, label in (("grid", "grid"), ("points", "grid for the points"), ("rtree", "R-tree")):
                build = m.get(f"rm.pip.{key}.{locator}.index_s")
                one = m.get(f"rm.pip.{key}.{locator}.locate_1core_s")
                every = m.get(f"rm.pip.{key}.{locator}.locate_allcores_s")
                total = m.get(f"rm.pip.{key}.{locator}.total_1core_s")
                total_all = m.get(f"rm.pip.{key}.{locator}.total_allcores_s")
                lines.append(f"| {box}, {n:,} | {fmt_s(g_total)} ({mps(n, g_join)}) | {label} | {fmt_s(build)} "
                             f"| {fmt_s(one)} ({mps(n, one)}) | {fmt_s(every)} ({mps(n, every)}) "
                             f"| {ratio(g_join, one)} | {ratio(g_total, total)} | {ratio(g_total, total_all)} |")
    lines += ["", "| peak memory (max RSS) | geopandas | ruhrmap |", "| --- | ---: | ---: |"]

    def mb(v):
        return "not yet available" if v is None else f"{v:.0f} MB"
    for label, key in (("loading + all point-in-polygon jobs, one process", "inprocess"),
                       (f"geocode {geocode}, all cores", "geocode"), (f"geocode {geocode}, 1 core", "geocode1"),
                       ("3-panel figure", "figure")):
        # geopandas geocodes on one core either way
        gpd_key = "geocode" if key == "geocode1" else key
        lines.append(f"| {label} | {mb(m.get(f'gpd.{gpd_key}.rss_mb'))} | {mb(m.get(f'rm.{key}.rss_mb'))} |")
    lines += ["", "| agreement (same AGS per point) | points | differ | agree |", "| --- | ---: | ---: | ---: |"]
    for name, c in results["agreement"].items():
        lines.append(f"| {name} | {c['points']:,} | {c['differ']} | {c['percent']:.4f} % |")
    for name, c in results["agreement"].items():
        for i, x, y in c["examples"]:
            lines.append(f"- {name}: point {i}: geopandas {x or '(none)'}, ruhrmap {y or '(none)'}")
    lines += ["", f"The 3-panel figure drew the {env['figure_network']} network (see inputs.py)."]
    missing = [k for k, v in results["available"].items() if not v]
    if missing:
        lines += ["", "Not yet available on the ruhrmap side: " + ", ".join(missing) + "."]
    return "\n".join(lines)


if __name__ == "__main__":
    try:
        sys.exit(main())
    except StepFailed as e:
        print(f"error: {e}", file=sys.stderr)
        sys.exit(2)
