//! Every input in `fuzz/regressions/<target>/` — crash reproducers of the
//! fuzz targets and inputs that once misbehaved — runs through the same
//! checks as its fuzz target (`fuzz/fuzz_targets/`), so that what the
//! fuzzers found stays fixed without cargo fuzz. See `fuzz/README.md`.

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
                    for i in 0..blocks.block_count() {
                        let Ok(rows) = blocks.read_block(i) else {
                            break;
                        };
                        for row in rows.iter().take(8) {
                            assert_eq!(row.values.len(), blocks.headers.len());
                            geocoder().resolve_record(&blocks.columns, row);
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
                    for polygon in &feature.geometry.0 {
                        for ring in std::iter::once(polygon.exterior()).chain(polygon.interiors()) {
                            assert!(
                                ring.0.len() >= 4 && ring.0.first() == ring.0.last(),
                                "{}",
                                path.display()
                            );
                        }
                    }
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
        if let Err(e) = ruhrmap::boundaries::read_source(&shp_path, None) {
            let message = e.to_string();
            assert!(
                message.contains("VG250_GEM."),
                "{}: {message}",
                path.display()
            );
        }
    }
}

#[test]
fn config() {
    for (path, data) in inputs("config") {
        let Ok(text) = std::str::from_utf8(&data) else {
            continue;
        };
        if let Err(e) = FigureConfig::parse(text, Path::new("report.toml")) {
            let message = e.to_string();
            assert!(
                message.starts_with("report.toml"),
                "{}: {message}",
                path.display()
            );
        }
    }
}
