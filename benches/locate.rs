//! Point in polygon for 1e5 and 1e6 seeded random points, Ruhr points among
//! the 53 municipalities of the Regionalverband Ruhr and Germany points among
//! all German municipalities, with the grid locator ([`GridLocator`]) and the
//! R-tree index ([`MunicipalityIndex`]), on one core and on all cores (rayon).
//! Throughput is in points per second. Building each structure is measured
//! apart (`build/…`).
//!
//! `cargo bench --bench locate`

mod common;

use criterion::{BenchmarkId, Criterion, Throughput, black_box};
use geo_types::Coord;
use rayon::prelude::*;
use ruhrmap::{Boundaries, GridLocator, MunicipalityId, MunicipalityIndex, Region};
use std::time::Duration;

/// The point-in-polygon structures measured, behind one call.
enum Locator {
    Grid(GridLocator),
    RTree(MunicipalityIndex),
}

impl Locator {
    fn locate(&self, p: Coord<f64>) -> Option<MunicipalityId> {
        match self {
            Locator::Grid(grid) => grid.locate(p),
            Locator::RTree(index) => index.locate(p),
        }
    }
}

/// The positions of the 53 municipalities of the Regionalverband Ruhr.
fn ruhr_members(boundaries: &Boundaries) -> Vec<MunicipalityId> {
    Region::ruhr(boundaries)
        .members()
        .iter()
        .map(|&ags| {
            boundaries
                .index_of(ags)
                .expect("every Ruhr member is in the boundaries")
        })
        .collect()
}

fn bench_locate(c: &mut Criterion) {
    let boundaries = Boundaries::embedded();
    let ruhr = ruhr_members(boundaries);
    let all: Vec<MunicipalityId> = (0..boundaries.municipalities().len())
        .map(MunicipalityId::new)
        .collect();

    let mut group = c.benchmark_group("locate");
    group
        .sample_size(10)
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(3));
    for (scope, members, bbox) in [
        ("ruhr", &ruhr, common::BBOX_RUHR),
        ("germany", &all, common::BBOX_GERMANY),
    ] {
        let locators = [
            (
                "grid",
                Locator::Grid(GridLocator::for_subset(boundaries, members)),
            ),
            (
                "rtree",
                Locator::RTree(MunicipalityIndex::for_subset(boundaries, members)),
            ),
        ];
        for count in [100_000usize, 1_000_000] {
            let points = common::random_points(0x5EED_0000 + count as u64, count, bbox);
            group.throughput(Throughput::Elements(count as u64));
            for (name, locator) in &locators {
                group.bench_with_input(
                    BenchmarkId::new(format!("{scope}/{name}/1-core"), count),
                    &points,
                    |b, points| {
                        b.iter(|| {
                            points
                                .iter()
                                .filter(|&&p| locator.locate(black_box(p)).is_some())
                                .count()
                        })
                    },
                );
                group.bench_with_input(
                    BenchmarkId::new(format!("{scope}/{name}/all-cores"), count),
                    &points,
                    |b, points| {
                        b.iter(|| {
                            points
                                .par_iter()
                                .filter(|&&p| locator.locate(black_box(p)).is_some())
                                .count()
                        })
                    },
                );
            }
        }
    }
    group.finish();
}

/// Building a locator is paid once per process; measured apart from locating.
fn bench_build(c: &mut Criterion) {
    let boundaries = Boundaries::embedded();
    let ruhr = ruhr_members(boundaries);
    let mut group = c.benchmark_group("build");
    group
        .sample_size(10)
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(3));
    group.bench_function("ruhr/grid", |b| {
        b.iter(|| GridLocator::for_subset(boundaries, &ruhr).stats())
    });
    group.bench_function("ruhr/rtree", |b| {
        b.iter(|| MunicipalityIndex::for_subset(boundaries, &ruhr).part_count())
    });
    group.bench_function("germany/grid", |b| {
        b.iter(|| GridLocator::new(boundaries).stats())
    });
    group.bench_function("germany/rtree", |b| {
        b.iter(|| MunicipalityIndex::new(boundaries).part_count())
    });
    group.finish();
}

criterion::criterion_group!(benches, bench_locate, bench_build);
criterion::criterion_main!(benches);
