//! Point in polygon: [`MunicipalityIndex::locate`] for 1e5 and 1e6 seeded
//! random points, Ruhr points among the 53 municipalities of the
//! Regionalverband Ruhr and Germany points among all German municipalities,
//! on one core and on all cores (rayon). Throughput is in points per second.
//!
//! `cargo bench --bench locate`

mod common;

use criterion::{black_box, BenchmarkId, Criterion, Throughput};
use rayon::prelude::*;
use ruhrmap::{Boundaries, MunicipalityIndex, Region};
use std::time::Duration;

fn bench_locate(c: &mut Criterion) {
    let boundaries = Boundaries::embedded();
    let ruhr = Region::ruhr(boundaries);
    let members: Vec<usize> = ruhr
        .members()
        .iter()
        .map(|&ags| {
            boundaries
                .index_of(ags)
                .expect("every Ruhr member is in the boundaries")
        })
        .collect();
    let scopes = [
        (
            "ruhr",
            MunicipalityIndex::for_subset(boundaries, &members),
            common::BBOX_RUHR,
        ),
        (
            "germany",
            MunicipalityIndex::new(boundaries),
            common::BBOX_GERMANY,
        ),
    ];

    let mut group = c.benchmark_group("locate");
    group
        .sample_size(10)
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(3));
    for (name, index, bbox) in &scopes {
        for count in [100_000usize, 1_000_000] {
            let points = common::random_points(0x5EED_0000 + count as u64, count, *bbox);
            group.throughput(Throughput::Elements(count as u64));
            group.bench_with_input(
                BenchmarkId::new(format!("{name}/1-core"), count),
                &points,
                |b, points| {
                    b.iter(|| {
                        points
                            .iter()
                            .filter(|&&p| index.locate(black_box(p)).is_some())
                            .count()
                    })
                },
            );
            group.bench_with_input(
                BenchmarkId::new(format!("{name}/all-cores"), count),
                &points,
                |b, points| {
                    b.iter(|| {
                        points
                            .par_iter()
                            .filter(|&&p| index.locate(black_box(p)).is_some())
                            .count()
                    })
                },
            );
        }
    }
    group.finish();
}

/// Building the index is paid once per process; measured apart from locating.
fn bench_index(c: &mut Criterion) {
    let boundaries = Boundaries::embedded();
    let mut group = c.benchmark_group("index");
    group
        .sample_size(10)
        .measurement_time(Duration::from_secs(3));
    group.bench_function("germany", |b| {
        b.iter(|| MunicipalityIndex::new(boundaries).part_count())
    });
    group.finish();
}

criterion::criterion_group!(benches, bench_locate, bench_index);
criterion::criterion_main!(benches);
