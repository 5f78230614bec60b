//! The ruhrmap side of the loading and point-in-polygon comparison with
//! geopandas (`benches/compare/compare.py`): loads the embedded boundaries,
//! reads seeded points from CSV (`id,lon,lat`), locates them on one core and
//! on all cores, and prints the phase timings as one JSON object.
//!
//! ```text
//! cargo run --release --example bench_locate -- [--geojson FILE] [--dump DIR] BOX:POINTS.csv...
//! ```
//!
//! With `--geojson FILE` it also times reading a VG250 GeoJSON (the npm
//! package's `gemeinden.geo.json`) with the importer's reader and keeping the
//! land parts, the work `json.load` + `GeoDataFrame.from_features` does.
//!
//! `BOX` is `ruhr` (points located among the 53 municipalities of the
//! Regionalverband Ruhr) or `germany` (among all German municipalities), the
//! same pairing as `gpd_sjoin.py`. Each phase is measured with
//! [`std::time::Instant`] inside this process, once per run; the comparison
//! script repeats whole runs and takes medians. With `--dump DIR` the
//! assignments are written to `DIR/rm-BOX-COUNT.csv` (`id,ags`) so they can
//! be checked point by point against geopandas.

use anyhow::{bail, Context};
use geo_types::Coord;
use rayon::prelude::*;
use ruhrmap::{Boundaries, MunicipalityIndex, Region};
use serde_json::json;
use std::path::{Path, PathBuf};
use std::time::Instant;

/// The municipalities a point set is located among.
#[derive(Clone, Copy)]
enum Scope {
    Ruhr,
    Germany,
}

impl Scope {
    fn name(self) -> &'static str {
        match self {
            Scope::Ruhr => "ruhr",
            Scope::Germany => "germany",
        }
    }
}

/// Points read from the CSV, in file order.
struct PointSet {
    ids: Vec<String>,
    coords: Vec<Coord<f64>>,
}

fn main() -> std::process::ExitCode {
    match run() {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e:#}");
            std::process::ExitCode::from(2)
        }
    }
}

fn run() -> anyhow::Result<()> {
    let mut dump: Option<PathBuf> = None;
    let mut geojson: Option<PathBuf> = None;
    let mut jobs: Vec<(Scope, PathBuf)> = Vec::new();
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        if arg == "--dump" {
            dump = Some(args.next().context("--dump needs a folder")?.into());
            continue;
        }
        if arg == "--geojson" {
            geojson = Some(args.next().context("--geojson needs a file")?.into());
            continue;
        }
        let (scope, file) = match arg.split_once(':') {
            Some(("ruhr", file)) => (Scope::Ruhr, file),
            Some(("germany", file)) => (Scope::Germany, file),
            _ => bail!("{arg:?}: expected BOX:POINTS.csv with BOX `ruhr` or `germany`"),
        };
        jobs.push((scope, PathBuf::from(file)));
    }
    if jobs.is_empty() {
        bail!("usage: bench_locate [--geojson FILE] [--dump DIR] BOX:POINTS.csv...");
    }

    let mut geojson_report = None;
    if let Some(path) = &geojson {
        let start = Instant::now();
        let features = ruhrmap::read_source(path, None)
            .with_context(|| format!("cannot read {}", path.display()))?;
        // Land parts only, as the importer keeps them (GF 3/4; water is GF 1/2).
        let land: Vec<_> = features
            .into_iter()
            .filter(|f| !matches!(f.attribute("GF"), Some("1" | "2")))
            .collect();
        let load_s = start.elapsed().as_secs_f64();
        let vertices: usize = land
            .iter()
            .map(|f| f.geometry.0.iter().map(polygon_vertices).sum::<usize>())
            .sum();
        geojson_report = Some(
            json!({"load_geojson_s": load_s, "land_features": land.len(), "vertices": vertices}),
        );
    }

    let start = Instant::now();
    let boundaries = Boundaries::embedded();
    // The full-resolution topology is decoded lazily; loading includes it.
    let topology = boundaries.full_topology();
    let load_s = start.elapsed().as_secs_f64();
    let ruhr = Region::ruhr(boundaries);
    let ruhr_members: Vec<usize> = ruhr
        .members()
        .iter()
        .map(|&ags| boundaries.index_of(ags).context("a Ruhr member is missing"))
        .collect::<anyhow::Result<_>>()?;

    let mut results = Vec::new();
    for (scope, file) in &jobs {
        let start = Instant::now();
        let points = read_points(file)?;
        let read_s = start.elapsed().as_secs_f64();

        // A fresh index per job, as geopandas builds a fresh tree per frame.
        let start = Instant::now();
        let index = match scope {
            Scope::Ruhr => MunicipalityIndex::for_subset(boundaries, &ruhr_members),
            Scope::Germany => MunicipalityIndex::new(boundaries),
        };
        let index_s = start.elapsed().as_secs_f64();

        let start = Instant::now();
        let single: Vec<Option<usize>> = points.coords.iter().map(|&p| index.locate(p)).collect();
        let single_s = start.elapsed().as_secs_f64();

        let start = Instant::now();
        let parallel: Vec<Option<usize>> =
            points.coords.par_iter().map(|&p| index.locate(p)).collect();
        let parallel_s = start.elapsed().as_secs_f64();

        if single != parallel {
            bail!(
                "{}: single-core and all-core results differ",
                file.display()
            );
        }
        let matched = single.iter().filter(|m| m.is_some()).count();
        if let Some(dir) = &dump {
            write_assignments(dir, scope.name(), &points, &single, boundaries)?;
        }
        let count = points.coords.len();
        results.push(json!({
            "box": scope.name(),
            "file": file.display().to_string(),
            "count": count,
            "read_s": read_s,
            "index_s": index_s,
            "locate_1core_s": single_s,
            "locate_allcores_s": parallel_s,
            "total_1core_s": index_s + single_s,
            "points_per_s_1core": count as f64 / single_s,
            "points_per_s_allcores": count as f64 / parallel_s,
            "matched": matched,
        }));
    }

    let mut report = json!({
        "load_s": load_s,
        "municipalities": boundaries.municipalities().len(),
        "arcs": topology.arcs.len(),
        "threads": rayon::current_num_threads(),
        "points": results,
    });
    if let Some(extra) = geojson_report {
        report["geojson"] = extra;
    }
    println!("{report}");
    Ok(())
}

/// The number of vertices of a polygon, all rings counted.
fn polygon_vertices(polygon: &geo_types::Polygon<f64>) -> usize {
    polygon.exterior().0.len() + polygon.interiors().iter().map(|r| r.0.len()).sum::<usize>()
}

/// Reads `id,lon,lat` with a header row; any other layout is an error naming
/// the line and field.
fn read_points(path: &Path) -> anyhow::Result<PointSet> {
    let mut reader =
        csv::Reader::from_path(path).with_context(|| format!("cannot open {}", path.display()))?;
    let headers = reader
        .headers()
        .with_context(|| format!("{}: no header row", path.display()))?;
    if headers.iter().collect::<Vec<_>>() != ["id", "lon", "lat"] {
        bail!(
            "{}: line 1: expected the header `id,lon,lat`, found `{}`",
            path.display(),
            headers.iter().collect::<Vec<_>>().join(",")
        );
    }
    let mut points = PointSet {
        ids: Vec::new(),
        coords: Vec::new(),
    };
    let mut record = csv::StringRecord::new();
    while reader
        .read_record(&mut record)
        .with_context(|| format!("{}: unreadable CSV", path.display()))?
    {
        let line = record.position().map_or(0, |p| p.line());
        let number = |field: usize, name: &str| -> anyhow::Result<f64> {
            let text = record.get(field).unwrap_or("");
            text.parse::<f64>().with_context(|| {
                format!(
                    "{}: line {line}: field `{name}`: expected a number, found {text:?}",
                    path.display()
                )
            })
        };
        let lon = number(1, "lon")?;
        let lat = number(2, "lat")?;
        points.ids.push(record.get(0).unwrap_or("").to_owned());
        points.coords.push(Coord { x: lon, y: lat });
    }
    Ok(points)
}

/// Writes `id,ags` per point (empty `ags` where no municipality was found).
fn write_assignments(
    dir: &Path,
    scope: &str,
    points: &PointSet,
    found: &[Option<usize>],
    boundaries: &Boundaries,
) -> anyhow::Result<()> {
    std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    let path = dir.join(format!("rm-{scope}-{}.csv", points.coords.len()));
    let municipalities = boundaries.municipalities();
    ruhrmap::write_atomically(&path, |w| {
        writeln!(w, "id,ags")?;
        for (id, m) in points.ids.iter().zip(found) {
            match m {
                Some(i) => writeln!(w, "{id},{}", municipalities[*i].ags)?,
                None => writeln!(w, "{id},")?,
            }
        }
        Ok(())
    })
    .with_context(|| format!("cannot write {}", path.display()))?;
    Ok(())
}
