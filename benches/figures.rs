//! The figures of the example report, end to end and by stage.
//!
//! - `figures/five_examples_end_to_end`: read `examples/ruhr-konferenz/report.toml`,
//!   load and geocode the data, build all five figures and write each as SVG,
//!   PNG (300 dpi) and PDF with its layout report – what `ruhrmap render`
//!   does in one process (target: ≤ 1 s).
//! - `figures/three_panel_end_to_end`: the same for the 3-panel figure of the
//!   geopandas comparison (`benches/compare/figure3.toml`, PNG at 200 dpi).
//! - `figures/large_network_end_to_end`: the generated network of
//!   `tests/it/stress_data.rs` (a 300-partner project summed up per
//!   municipality beside a 60-partner one), end to end as above.
//! - `stages/…`: loading the data, building the five scenes, and rendering
//!   them, to see where the time goes.
//! - `figure/<id>/svg`, `figure/<id>/png_300dpi`: each example figure on its
//!   own, from its scene to the SVG text, and to the SVG plus the PNG at
//!   300 dpi rasterised from it.
//! - `figure/<id>/html`: each example figure from its scene to the
//!   interactive HTML page (target: ≤ 50 ms more than `svg`).
//! - `stress/germany_seats/…`: the seats map of all of Germany (the 16
//!   Länder as sub-regions, the example's 73 projects,
//!   `tests/fixtures/stress/germany.toml`): `build` from the loaded data to
//!   the scene, `build_svg_png_300dpi` on to the SVG and the print PNG
//!   (target: ≤ 0.5 s). Its peak memory is that of the whole command,
//!   measured with `/usr/bin/time -v target/release/ruhrmap render
//!   tests/fixtures/stress/germany.toml -o out/ --formats svg,png`
//!   (target: ≤ 150 MB). `stress/germany_seats/load_data`: reading and
//!   geocoding its tables for a region of all Germany.
//! - `stress/germany_network/build_svg_png_300dpi`: the generated network
//!   spread over Germany (`tests/it/stress_data.rs`: 320 partners summed up
//!   per Kreis beside 40 one by one), from loaded data to the SVG and the
//!   print PNG (target: ≤ 0.5 s).
//!
//! `cargo bench --bench figures`

use criterion::{Criterion, black_box, criterion_group, criterion_main};
use ruhrmap::render::{OutputFormats, render_outputs, write_html};
use ruhrmap::report::write_figures;
use ruhrmap::{FigureConfig, FigureData, Lang, build_figure};
use std::path::{Path, PathBuf};
use std::time::Duration;

#[path = "../tests/it/stress_data.rs"]
mod stress_data;

fn manifest(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(path)
}

/// Loads and geocodes the data of `config`: the partners read.
fn partners_loaded(config: &FigureConfig) -> usize {
    FigureData::load(config)
        .expect("data")
        .network
        .partners
        .len()
}

fn end_to_end(config: &Path, out: &Path) -> usize {
    let config = FigureConfig::load(config).expect("config");
    let data = FigureData::load(&config).expect("data");
    let outcomes = write_figures(&config, &data, Lang::De, out).expect("figures");
    outcomes.iter().map(|o| o.written.len()).sum()
}

fn figures(c: &mut Criterion) {
    let out = tempfile::tempdir().expect("temporary folder");
    let mut group = c.benchmark_group("figures");
    group
        .sample_size(10)
        .measurement_time(Duration::from_secs(20));
    let examples = manifest("examples/ruhr-konferenz/report.toml");
    group.bench_function("five_examples_end_to_end", |b| {
        b.iter(|| black_box(end_to_end(&examples, out.path())))
    });
    let three = manifest("benches/compare/figure3.toml");
    group.bench_function("three_panel_end_to_end", |b| {
        b.iter(|| black_box(end_to_end(&three, out.path())))
    });
    let large_dir = tempfile::tempdir().expect("temporary folder");
    let large = stress_data::write_large_network(large_dir.path(), None);
    group.bench_function("large_network_end_to_end", |b| {
        b.iter(|| black_box(end_to_end(&large, out.path())))
    });
    group.finish();

    let config = FigureConfig::load(&examples).expect("config");
    let data = FigureData::load(&config).expect("data");
    let mut stages = c.benchmark_group("stages");
    stages
        .sample_size(10)
        .measurement_time(Duration::from_secs(10));
    stages.bench_function("load_data", |b| {
        b.iter(|| black_box(partners_loaded(&config)))
    });
    stages.bench_function("build_five_scenes", |b| {
        b.iter(|| {
            (0..config.figures.len())
                .map(|i| {
                    build_figure(&config, i, &data, Lang::De)
                        .expect("figure")
                        .scene
                        .layers
                        .len()
                })
                .sum::<usize>()
        })
    });
    let scenes: Vec<_> = (0..config.figures.len())
        .map(|i| build_figure(&config, i, &data, Lang::De).expect("figure"))
        .collect();
    for (name, formats) in [
        (
            "render_five_svg",
            OutputFormats {
                svg: true,
                png_dpi: None,
                pdf: false,
            },
        ),
        (
            "render_five_png_300dpi",
            OutputFormats {
                svg: true,
                png_dpi: Some(300.0),
                pdf: false,
            },
        ),
        (
            "render_five_pdf",
            OutputFormats {
                svg: true,
                png_dpi: None,
                pdf: true,
            },
        ),
    ] {
        stages.bench_function(name, |b| {
            b.iter(|| {
                scenes
                    .iter()
                    .map(|f| {
                        render_outputs(&f.scene, &formats, &f.id)
                            .expect("render")
                            .svg
                            .len()
                    })
                    .sum::<usize>()
            })
        });
    }
    stages.finish();

    let mut each = c.benchmark_group("figure");
    each.sample_size(10)
        .measurement_time(Duration::from_secs(5));
    for f in &scenes {
        for (format, formats) in [
            (
                "svg",
                OutputFormats {
                    svg: true,
                    png_dpi: None,
                    pdf: false,
                },
            ),
            (
                "png_300dpi",
                OutputFormats {
                    svg: true,
                    png_dpi: Some(300.0),
                    pdf: false,
                },
            ),
        ] {
            each.bench_function(format!("{}/{format}", f.id), |b| {
                b.iter(|| {
                    let out = render_outputs(&f.scene, &formats, &f.id).expect("render");
                    black_box(out.svg.len() + out.png.map_or(0, |p| p.len()))
                })
            });
        }
        each.bench_function(format!("{}/html", f.id), |b| {
            b.iter(|| black_box(write_html(&f.scene, Lang::De).expect("html").len()))
        });
    }
    each.finish();
    stress(c);
}

/// The Germany seats map, from loaded data to the scene and to its files.
fn stress(c: &mut Criterion) {
    let config =
        FigureConfig::load(&manifest("tests/fixtures/stress/germany.toml")).expect("config");
    let data = FigureData::load(&config).expect("data");
    let mut group = c.benchmark_group("stress");
    group
        .sample_size(10)
        .measurement_time(Duration::from_secs(10));
    group.bench_function("germany_seats/load_data", |b| {
        b.iter(|| black_box(partners_loaded(&config)))
    });
    group.bench_function("germany_seats/build", |b| {
        b.iter(|| {
            black_box(
                build_figure(&config, 0, &data, Lang::De)
                    .expect("figure")
                    .layout
                    .markers
                    .len(),
            )
        })
    });
    let print = OutputFormats {
        svg: true,
        png_dpi: Some(300.0),
        pdf: false,
    };
    group.bench_function("germany_seats/build_svg_png_300dpi", |b| {
        b.iter(|| {
            let figure = build_figure(&config, 0, &data, Lang::De).expect("figure");
            let out = render_outputs(&figure.scene, &print, &figure.id).expect("render");
            black_box(out.svg.len() + out.png.map_or(0, |p| p.len()))
        })
    });
    let dir = tempfile::tempdir().expect("temporary folder");
    let national =
        FigureConfig::load(&stress_data::write_national_network(dir.path(), None)).expect("config");
    let national_data = FigureData::load(&national).expect("data");
    group.bench_function("germany_network/build_svg_png_300dpi", |b| {
        b.iter(|| {
            let figure = build_figure(&national, 0, &national_data, Lang::De).expect("figure");
            let out = render_outputs(&figure.scene, &print, &figure.id).expect("render");
            black_box(out.svg.len() + out.png.map_or(0, |p| p.len()))
        })
    });
    group.finish();
}

criterion_group!(benches, figures);
criterion_main!(benches);
