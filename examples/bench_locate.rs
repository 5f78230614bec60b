//! The ruhrmap side of the loading and point-in-polygon comparison with
//! geopandas (`benches/compare/compare.py`): loads the embedded boundaries,
//! reads seeded points from CSV (`id,lon,lat`), locates them with the grid
//! locator, the grid prepared for the points and the R-tree index, each on
//! one core and on all cores, and
//! prints the phase timings as one JSON object.
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

use anyhow::{Context, bail};
use geo_types::Coord;
use rayon::prelude::*;
use ruhrmap::{Boundaries, GridLocator, MunicipalityId, MunicipalityIndex, Region};
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

/// The point-in-polygon structures measured.
#[derive(Clone, Copy)]
enum Locator {
    /// [`GridLocator`]: grid cells inside one municipality answer at once.
    Grid,
    /// [`MunicipalityIndex`]: R-tree candidates and an exact test.
    RTree,
    /// [`GridLocator::for_points`]: the grid with leaves only where the
    /// points fall, as a batch geocoder builds it.
    Prepared,
}

impl Locator {
    fn name(self) -> &'static str {
        match self {
            Locator::Grid => "grid",
            Locator::RTree => "rtree",
            Locator::Prepared => "points",
        }
    }
}

/// Builds one locator for `scope` and locates every point on one core and on
/// all cores; returns the answers and the timings (or an error if the two
/// runs disagree).
fn time_locator(
    kind: Locator,
    scope: Scope,
    boundaries: &Boundaries,
    ruhr_members: &[MunicipalityId],
    coords: &[Coord<f64>],
) -> (
    Vec<Option<MunicipalityId>>,
    anyhow::Result<serde_json::Value>,
) {
    let all: Vec<MunicipalityId>;
    let members = match scope {
        Scope::Ruhr => ruhr_members,
        Scope::Germany => {
            all = (0..boundaries.municipalities().len())
                .map(MunicipalityId::new)
                .collect();
            &all
        }
    };
    let start = Instant::now();
    let locate: Box<dyn Fn(Coord<f64>) -> Option<MunicipalityId> + Sync> = match kind {
        Locator::Grid => {
            let grid = GridLocator::for_subset(boundaries, members);
            Box::new(move |p| grid.locate(p))
        }
        Locator::RTree => {
            let index = MunicipalityIndex::for_subset(boundaries, members);
            Box::new(move |p| index.locate(p))
        }
        Locator::Prepared => {
            let grid = GridLocator::for_points(boundaries, members, coords);
            Box::new(move |p| grid.locate(p))
        }
    };
    let index_s = start.elapsed().as_secs_f64();

    let start = Instant::now();
    let single: Vec<Option<MunicipalityId>> = coords.iter().map(|&p| locate(p)).collect();
    let single_s = start.elapsed().as_secs_f64();

    let start = Instant::now();
    let parallel: Vec<Option<MunicipalityId>> = coords.par_iter().map(|&p| locate(p)).collect();
    let parallel_s = start.elapsed().as_secs_f64();

    let count = coords.len() as f64;
    let timing = if single == parallel {
        Ok(json!({
            "index_s": index_s,
            "locate_1core_s": single_s,
            "locate_allcores_s": parallel_s,
            "total_1core_s": index_s + single_s,
            "total_allcores_s": index_s + parallel_s,
            "points_per_s_1core": count / single_s,
            "points_per_s_allcores": count / parallel_s,
        }))
    } else {
        Err(anyhow::anyhow!(
            "{}: single-core and all-core answers differ",
            kind.name()
        ))
    };
    (single, timing)
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
        let features = ruhrmap::boundaries::read_source(path, None)
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
    let ruhr_members: Vec<MunicipalityId> = ruhr
        .members()
        .iter()
        .map(|&ags| boundaries.index_of(ags).context("a Ruhr member is missing"))
        .collect::<anyhow::Result<_>>()?;

    let mut results = Vec::new();
    for (scope, file) in &jobs {
        let start = Instant::now();
        let points = read_points(file)?;
        let read_s = start.elapsed().as_secs_f64();

        // Every locator built afresh per job as geopandas builds a fresh
        // tree per frame; their answers must be identical.
        let mut timings = serde_json::Map::new();
        let mut answers: Option<Vec<Option<MunicipalityId>>> = None;
        for kind in [Locator::Grid, Locator::RTree, Locator::Prepared] {
            let (found, timing) =
                time_locator(kind, *scope, boundaries, &ruhr_members, &points.coords);
            match &answers {
                Some(first) if *first != found => {
                    bail!(
                        "{}: {} disagrees with the grid",
                        file.display(),
                        kind.name()
                    )
                }
                Some(_) => {}
                None => answers = Some(found),
            }
            timings.insert(kind.name().to_owned(), timing?);
        }
        let found = answers.expect("three locators ran");
        let matched = found.iter().filter(|m| m.is_some()).count();
        if let Some(dir) = &dump {
            write_assignments(dir, scope.name(), &points, &found, boundaries)?;
        }
        results.push(json!({
            "box": scope.name(),
            "file": file.display().to_string(),
            "count": points.coords.len(),
            "read_s": read_s,
            "matched": matched,
            "locators": timings,
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
    found: &[Option<MunicipalityId>],
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
