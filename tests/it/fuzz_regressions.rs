//! Every input in `fuzz/regressions/<target>/` — crash reproducers of the
//! fuzz targets and inputs that once misbehaved — runs through the same
//! checks as its fuzz target (`fuzz/fuzz_targets/`), so that what the
//! fuzzers found stays fixed without cargo fuzz. See `fuzz/README.md`.
//!
//! Beyond the fuzz targets' "an error naming the file, never a panic", what
//! parses must be valid: coordinates finite and in WGS84 ranges, rows with
//! every column the header promises, configs whose values are finite and in
//! their documented ranges. Every input is kept as bytes, UTF-8 or not.

use geo_types::{Coord, MultiPolygon};
use ruhrmap::{Boundaries, FigureConfig, Geocoder, Region, SubregionScheme};

use ruhrmap::table::TableBlocks;
use std::path::{Path, PathBuf};

/// The inputs of one target, sorted; a target without any is an error, so
/// a moved folder cannot turn this test into one that checks nothing.
fn inputs(target: &str) -> Vec<(PathBuf, Vec<u8>)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fuzz/regressions")
        .join(target);
    let mut paths: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|entry| entry.unwrap().path())
        .filter(|p| p.is_file())
        .collect();
    paths.sort();
    assert!(!paths.is_empty(), "no inputs in {}", dir.display());
    paths
        .into_iter()
        .map(|p| {
            let bytes = std::fs::read(&p).unwrap();
            (p, bytes)
        })
        .collect()
}

fn geocoder() -> &'static Geocoder<'static> {
    static GEOCODER: std::sync::OnceLock<Geocoder<'static>> = std::sync::OnceLock::new();
    GEOCODER.get_or_init(|| {
        let boundaries = Boundaries::embedded();
        let region: &'static Region = Box::leak(Box::new(Region::ruhr(boundaries)));
        let scheme: &'static SubregionScheme = Box::leak(Box::new(
            SubregionScheme::preset("zonen", region, boundaries).unwrap(),
        ));
        Geocoder::new(boundaries, region, scheme)
    })
}

#[test]
fn partner_csv() {
    for (path, data) in inputs("partner_csv") {
        for name in ["p.csv", "p.geojson"] {
            match TableBlocks::from_bytes(Path::new(name), data.clone()) {
                Ok(blocks) => {
                    let columns = &blocks.columns;
                    for role in [
                        columns.name,
                        columns.place,
                        columns.lat,
                        columns.lon,
                        columns.address,
                    ]
                    .into_iter()
                    .flatten()
                    {
                        assert!(
                            role < blocks.headers.len(),
                            "{}: column {role} of {:?}",
                            path.display(),
                            blocks.headers
                        );
                    }
                    for i in 0..blocks.block_count() {
                        let rows = match blocks.read_block(i) {
                            Ok(rows) => rows,
                            Err(e) => {
                                let message = e.to_string();
                                assert!(message.starts_with(name), "{}: {message}", path.display());
                                break;
                            }
                        };
                        for row in &rows {
                            assert_eq!(
                                row.values.len(),
                                blocks.headers.len(),
                                "{}, line {}",
                                path.display(),
                                row.line
                            );
                        }
                        for row in rows.iter().take(8) {
                            let resolution = geocoder().resolve_record(columns, row);
                            if resolution.municipality.is_some() {
                                assert!(
                                    resolution.position.is_some(),
                                    "{}, line {}: located without a position",
                                    path.display(),
                                    row.line
                                );
                            }
                            if let Some(p) = resolution.position {
                                assert_wgs84(p, &format!("{}, line {}", path.display(), row.line));
                            }
                        }
                    }
                }
                Err(e) => {
                    let message = e.to_string();
                    assert!(message.starts_with(name), "{}: {message}", path.display());
                }
            }
        }
    }
}

#[test]
fn geojson() {
    for (path, data) in inputs("geojson") {
        match ruhrmap::boundaries::parse_geojson(Path::new("gem.geojson"), &data) {
            Ok(features) => {
                for feature in features {
                    assert_valid_polygons(&feature.geometry, &path);
                }
            }
            Err(e) => {
                let message = e.to_string();
                assert!(
                    message.starts_with("gem.geojson"),
                    "{}: {message}",
                    path.display()
                );
            }
        }
    }
}

/// The `.shp`, `.dbf` and `.prj` packed in one input (see the fuzz target).
fn split(data: &[u8]) -> (&[u8], &[u8], &[u8]) {
    let length = |at: usize| {
        data.get(at..at + 4)
            .map_or(0, |b| u32::from_le_bytes([b[0], b[1], b[2], b[3]]) as usize)
    };
    let (shp_len, dbf_len) = (length(0), length(4));
    let rest = data.get(8..).unwrap_or(&[]);
    let (shp, rest) = rest.split_at(shp_len.min(rest.len()));
    let (dbf, prj) = rest.split_at(dbf_len.min(rest.len()));
    (shp, dbf, prj)
}

#[test]
fn shapefile() {
    for (path, data) in inputs("shapefile") {
        let (shp, dbf, prj) = split(&data);
        let dir = tempfile::tempdir().unwrap();
        let shp_path = dir.path().join("VG250_GEM.shp");
        std::fs::write(&shp_path, shp).unwrap();
        std::fs::write(shp_path.with_extension("dbf"), dbf).unwrap();
        std::fs::write(shp_path.with_extension("prj"), prj).unwrap();
        match ruhrmap::boundaries::read_source(&shp_path, None) {
            Ok(features) => {
                for feature in features {
                    assert_valid_polygons(&feature.geometry, &path);
                }
            }
            Err(e) => {
                let message = e.to_string();
                assert!(
                    message.contains("VG250_GEM."),
                    "{}: {message}",
                    path.display()
                );
            }
        }
    }
}

/// Reads each input as the CLI does, from a file, so input that is not
/// UTF-8 is checked too (and must be refused naming the file).
#[test]
fn config() {
    for (path, data) in inputs("config") {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("report.toml");
        std::fs::write(&file, &data).unwrap();
        match FigureConfig::load(&file) {
            Ok(config) => {
                let what = path.display();
                for figure in &config.figures {
                    let style = config.figure_style(figure);
                    for (key, v, lo, hi) in [
                        ("width_mm", style.width_mm, 40.0, 1000.0),
                        ("dpi", style.dpi, 36.0, 1200.0),
                        ("label_pt", style.label_pt, 5.0, 36.0),
                        ("title_pt", style.title_pt, 5.0, 36.0),
                        ("panel_title_pt", style.panel_title_pt, 5.0, 36.0),
                        ("legend_pt", style.legend_pt, 5.0, 36.0),
                        ("small_pt", style.small_pt, 5.0, 36.0),
                    ] {
                        assert!(
                            v.is_finite() && (lo..=hi).contains(&v),
                            "{what}: {key} = {v}"
                        );
                    }
                    if let Some(km) = figure.max_context_km {
                        assert!(km.is_finite() && km >= 0.0, "{what}: max_context_km = {km}");
                    }
                    if let Some(columns) = &figure.columns {
                        assert!(*columns.get_ref() >= 1, "{what}: columns = 0");
                    }
                }
            }
            Err(e) => {
                let message = e.to_string();
                // "report.toml, line …" for what parses as text, "cannot read
                // report.toml: …" for what is not UTF-8
                assert!(
                    message.contains(&file.display().to_string()),
                    "{}: {message}",
                    path.display()
                );
            }
        }
    }
}

/// A position a geocoder may return: finite, in WGS84 ranges.
fn assert_wgs84(p: Coord<f64>, what: &str) {
    assert!(
        p.x.is_finite()
            && p.y.is_finite()
            && (-180.0..=180.0).contains(&p.x)
            && (-90.0..=90.0).contains(&p.y),
        "{what}: position {p:?} is not WGS84 lon/lat"
    );
}

/// Parsed boundary polygons: closed rings of at least four positions, every
/// one finite and in WGS84 ranges.
fn assert_valid_polygons(geometry: &MultiPolygon<f64>, path: &Path) {
    for polygon in &geometry.0 {
        for ring in std::iter::once(polygon.exterior()).chain(polygon.interiors()) {
            assert!(
                ring.0.len() >= 4 && ring.0.first() == ring.0.last(),
                "{}: a ring of {} positions, open or too short",
                path.display(),
                ring.0.len()
            );
            for &c in &ring.0 {
                assert_wgs84(c, &path.display().to_string());
            }
        }
    }
}
