//! Building the example report (`examples/ruhr-konferenz/report.toml`): all
//! five figures as SVG, PNG (300 dpi) and PDF with layout reports, the three
//! GeoJSON layers with QGIS styles and the tables.
//!
//! - `build/process`: `ruhrmap build` as a whole process (target ≤ 1.5 s);
//! - `build/in_process`: the same through the library, config to files;
//! - `build/incremental_one_project`: what `ruhrmap watch` does after one
//!   project's data changed – notice the change, reread and geocode the
//!   partners with the geocoder kept across edits, compare the input
//!   fingerprints, rebuild the one figure showing that project plus exports
//!   and tables (target ≤ 0.3 s). The edit alternates between two
//!   versions of the partners table so that every iteration has a change.
//!
//! - `gpkg/example`: what the GeoPackage adds to a build: the sub-regions
//!   layer (dissolved at full resolution), the styles and the GeoPackage
//!   bytes of the four layers (budget ≤ 100 ms).
//!
//! `cargo bench --bench build` (only the GeoPackage: `cargo bench --bench build -- gpkg`)

use criterion::{Criterion, criterion_group, criterion_main};
use ruhrmap::report::Watcher;
use ruhrmap::{BuildPlan, Report, build_report};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

fn example_copy() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("temporary folder");
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/ruhr-konferenz");
    for name in ["report.toml", "projects.csv", "partners.csv"] {
        std::fs::copy(src.join(name), dir.path().join(name)).expect("copy the example");
    }
    let config = dir.path().join("report.toml");
    (dir, config)
}

fn bench_build(c: &mut Criterion) {
    let mut group = c.benchmark_group("build");
    group.sample_size(10);
    group.measurement_time(Duration::from_secs(20));

    let (dir, config) = example_copy();
    let out = dir.path().join("out-process");
    group.bench_function("process", |b| {
        b.iter(|| {
            let status = Command::new(env!("CARGO_BIN_EXE_ruhrmap"))
                .args(["build", "-q"])
                .arg(&config)
                .arg("-o")
                .arg(&out)
                .status()
                .expect("run ruhrmap");
            assert_eq!(status.code(), Some(0));
        })
    });

    let out = dir.path().join("out-library");
    group.bench_function("in_process", |b| {
        b.iter(|| {
            let report = Report::load(&config, None).expect("the example loads");
            let plan = BuildPlan::everything(&report.config);
            build_report(&report, &out, &plan, &|_| {}).expect("the example builds")
        })
    });

    // the watch loop's work after one project's partners changed
    let out = dir.path().join("out-watch");
    let partners = dir.path().join("partners.csv");
    let original = std::fs::read_to_string(&partners).expect("partners table");
    let row = original
        .lines()
        .find(|l| l.starts_with("P5;") && l.contains(";core;"))
        .expect("a core partner of P5");
    let mut cells: Vec<&str> = row.split(';').collect();
    cells[5] = if cells[5] == "Oberhausen" {
        "Herne"
    } else {
        "Oberhausen"
    };
    let edited = original.replacen(row, &cells.join(";"), 1);
    let versions = [edited, original.clone()];
    let mut watcher = Watcher::new(&config, &out, None);
    watcher.rebuild(&[], None, &|_| {}).expect("first build");
    let context = watcher
        .geocoding_context()
        .expect("the example uses the embedded boundaries");
    let geocoder = context.geocoder();
    let mut turn = 0usize;
    group.bench_function("incremental_one_project", |b| {
        b.iter_custom(|iterations| {
            let mut total = Duration::ZERO;
            for _ in 0..iterations {
                std::fs::write(&partners, &versions[turn % 2]).expect("edit");
                turn += 1;
                let started = std::time::Instant::now();
                let changed = watcher.poll();
                let rebuild = watcher
                    .rebuild(&changed, Some(&geocoder), &|_| {})
                    .expect("rebuild");
                total += started.elapsed();
                assert_eq!(rebuild.plan.figures.len(), 1, "one figure shows P5");
            }
            total
        })
    });
    group.finish();
    std::fs::write(&partners, original).expect("restore");
}

fn bench_gpkg(c: &mut Criterion) {
    use ruhrmap::export::{
        GeoPackageLayer, MunicipalityGeometry, export_layers, geopackage_bytes,
        municipalities_style, subregions_layer,
    };
    let (_dir, config) = example_copy();
    let report = Report::load(&config, None).expect("the example loads");
    let analysis = report.analysis();
    let layers = export_layers(&analysis, MunicipalityGeometry::Full);
    let mut group = c.benchmark_group("gpkg");
    group.sample_size(20);
    group.bench_function("example", |b| {
        b.iter(|| {
            let subregions = subregions_layer(&analysis, MunicipalityGeometry::Full, &layers[2]);
            let style = municipalities_style(&report.data.subregions, report.lang);
            let items: Vec<GeoPackageLayer> = layers
                .iter()
                .chain([&subregions])
                .map(|layer| GeoPackageLayer {
                    layer,
                    style: Some(&style),
                })
                .collect();
            geopackage_bytes(Path::new("example.gpkg"), &items).expect("the GeoPackage")
        })
    });
    group.finish();
}

criterion_group!(benches, bench_build, bench_gpkg);
criterion_main!(benches);
