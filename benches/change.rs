//! `NetworkChange::compare` on two generated states of 1e5 partners each
//! (1e4 projects of 10 partners): 90 % matched by id, 5 % by name after
//! their ids were reissued, 5 % ended and 5 % new, 2 % moved.
//!
//!     cargo bench --bench change

use criterion::{Criterion, criterion_group, criterion_main};
use ruhrmap::network::{NetworkChange, Site};
use ruhrmap::{MatchKind, Network, Partner, Project, Role};
use std::hint::black_box;
use std::path::Path;

const PROJECTS: usize = 10_000;
const PER_PROJECT: usize = 10;

fn site(municipality: usize) -> Option<Site> {
    Some(Site {
        position: geo_types::Coord { x: 7.0, y: 51.5 },
        municipality: Some(ruhrmap::MunicipalityId::new(municipality % 400)),
        in_region: true,
        match_kind: MatchKind::Exact,
    })
}

/// `later`: the second state, with changes; otherwise the baseline.
fn state(later: bool) -> Network {
    let mut network = Network::default();
    for j in 0..PROJECTS {
        network.projects.push(Project {
            id: format!("P{j}"),
            title: format!("Projekt {j}"),
            field: "HF1".into(),
            status: "running".into(),
            coordinator: String::new(),
            seat: site(j),
        });
        for k in 0..PER_PROJECT {
            let n = j * PER_PROJECT + k;
            // every 20th partner ends (baseline only) or is new (later only)
            let (id, name) = match (later, n % 20) {
                (false, 19) => (format!("old-{n}"), format!("Ehemalige Organisation {n}")),
                (true, 19) => (format!("new-{n}"), format!("Neue Organisation {n}")),
                // ids reissued, names kept
                (true, 18) => (format!("re-{n}"), format!("Organisation Nr. {n}")),
                _ => (format!("{j}-{k}"), format!("Organisation Nr. {n}")),
            };
            let moved = later && n % 50 == 7;
            network.partners.push(Partner {
                id,
                project: format!("P{j}"),
                name,
                role_id: if k == 0 { "coordinator" } else { "core" }.into(),
                role: if k == 0 {
                    Role::Coordinator
                } else {
                    Role::Core
                },
                actor_type: "science".into(),
                site: site(n + usize::from(moved)),
                line: n as u64 + 2,
            });
        }
    }
    network
}

fn bench_compare(c: &mut Criterion) {
    let (before, after) = (state(false), state(true));
    let path = Path::new("partners.csv");
    let change = NetworkChange::compare(&before, &after, path, path).unwrap();
    let m = change.matching;
    eprintln!(
        "1e5 partners: {} by id, {} by name, {} ended, {} new",
        m.by_id, m.by_name, m.unmatched_baseline, m.unmatched_now
    );
    let mut group = c.benchmark_group("change");
    group.sample_size(10);
    group.bench_function("compare_1e5_partners", |b| {
        b.iter(|| {
            NetworkChange::compare(black_box(&before), black_box(&after), path, path).unwrap()
        })
    });
    group.finish();
}

criterion_group!(benches, bench_compare);
criterion_main!(benches);
