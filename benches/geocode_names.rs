//! Name geocoding of 1e5 messy place texts, as partner lists hold them:
//! official names, upper and lower case, umlauts spelt out, "Stadt …",
//! district suffixes ("Bochum-Wattenscheid"), postcode + town and street
//! addresses, misspellings and a few texts that name no place at all.
//! Throughput is in names per second, on one core and on all cores, for the
//! name index alone ([`Gazetteer::find`]) and for the whole resolution of a
//! place text ([`Geocoder::resolve`]); `closest` times the suggestions
//! ([`Gazetteer::closest`]) that `resolve` adds for each text that resolves
//! to nothing, on those texts alone; `geocode_names_by_form` times each form
//! of text on its own.
//!
//! `cargo bench --bench geocode_names`

mod common;

use common::SeededRng;
use criterion::{BenchmarkId, Criterion, Throughput, black_box};
use rayon::prelude::*;
use ruhrmap::boundaries::DEFAULT_SUBREGION_PRESET;
use ruhrmap::geocode::Gazetteer;
use ruhrmap::{Boundaries, Geocoder, MatchKind, Region, SubregionScheme};
use std::time::Duration;

const NAMES: usize = 100_000;

/// City districts written as partner lists write them.
const DISTRICTS: [&str; 8] = [
    "Bochum-Wattenscheid",
    "Gelsenkirchen-Buer",
    "Essen-Rüttenscheid",
    "Dortmund-Hörde",
    "Duisburg-Ruhrort",
    "Herne-Wanne",
    "Oberhausen-Sterkrade",
    "Hagen-Hohenlimburg",
];

/// Texts that name no municipality.
const NOWHERE: [&str; 4] = ["k. A.", "online", "bundesweit", "Partner ohne Ortsangabe"];

/// Spells out umlauts and ß as ASCII, as keyboards without them do.
fn spell_out(name: &str) -> String {
    name.replace('ä', "ae")
        .replace('ö', "oe")
        .replace('ü', "ue")
        .replace('Ä', "Ae")
        .replace('Ö', "Oe")
        .replace('Ü', "Ue")
        .replace('ß', "ss")
}

/// Swaps two neighbouring letters inside the name: a typing slip.
fn misspell(name: &str, rng: &mut SeededRng) -> String {
    let mut chars: Vec<char> = name.chars().collect();
    if chars.len() >= 6 {
        let at = 1 + rng.below(chars.len() - 3);
        chars.swap(at, at + 1);
    }
    chars.into_iter().collect()
}

/// The form a generated place text takes; the breakdown benchmark times each.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Form {
    Official,
    Uppercase,
    SpeltOut,
    Stadt,
    Padded,
    District,
    Postcode,
    Street,
    Misspelt,
    Nowhere,
}

const FORMS: [Form; 10] = [
    Form::Official,
    Form::Uppercase,
    Form::SpeltOut,
    Form::Stadt,
    Form::Padded,
    Form::District,
    Form::Postcode,
    Form::Street,
    Form::Misspelt,
    Form::Nowhere,
];

/// 1e5 place texts, reproducible: seven in ten name a Ruhr municipality, the
/// rest any German one, in the mix of forms a real partner list shows.
fn messy_names(boundaries: &Boundaries, region: &Region) -> Vec<(Form, String)> {
    let municipalities = boundaries.municipalities();
    let ruhr: Vec<ruhrmap::MunicipalityId> = region
        .members()
        .iter()
        .filter_map(|&ags| boundaries.index_of(ags))
        .collect();
    // Real postcode/town pairs from the embedded postcode table.
    let postcodes: Vec<(String, ruhrmap::MunicipalityId)> = (1000..100_000)
        .map(|n| format!("{n:05}"))
        .filter_map(|code| {
            boundaries
                .postcode_municipalities(&code)
                .first()
                .map(|&m| (code, m))
        })
        .collect();
    let mut rng = SeededRng::new(0x6E41_4D45);
    (0..NAMES)
        .map(|n| {
            let m = if rng.unit() < 0.7 {
                ruhr[rng.below(ruhr.len())]
            } else {
                ruhrmap::MunicipalityId::new(rng.below(municipalities.len()))
            };
            let name = municipalities[m].name.as_str();
            let form = rng.unit();
            if form < 0.30 {
                (Form::Official, name.to_owned())
            } else if form < 0.40 {
                (Form::Uppercase, name.to_uppercase())
            } else if form < 0.50 {
                (Form::SpeltOut, spell_out(&name.to_lowercase()))
            } else if form < 0.55 {
                (Form::Stadt, format!("Stadt {name}"))
            } else if form < 0.60 {
                (Form::Padded, format!("  {name} "))
            } else if form < 0.70 {
                (
                    Form::District,
                    DISTRICTS[rng.below(DISTRICTS.len())].to_owned(),
                )
            } else if form < 0.80 && !postcodes.is_empty() {
                let (code, town) = &postcodes[rng.below(postcodes.len())];
                let town = municipalities[*town].name.as_str();
                if rng.unit() < 0.5 {
                    (Form::Postcode, format!("{code} {town}"))
                } else {
                    (
                        Form::Street,
                        format!("Hauptstraße {}, {code} {town}", 1 + n % 200),
                    )
                }
            } else if form < 0.98 {
                (Form::Misspelt, misspell(name, &mut rng))
            } else {
                (Form::Nowhere, NOWHERE[rng.below(NOWHERE.len())].to_owned())
            }
        })
        .collect()
}

fn bench_names(c: &mut Criterion) {
    let boundaries = Boundaries::embedded();
    let region = Region::ruhr(boundaries);
    let gazetteer = Gazetteer::new(boundaries, &region);
    let generated = messy_names(boundaries, &region);
    let names: Vec<&str> = generated.iter().map(|(_, text)| text.as_str()).collect();
    // Also builds the lazily made edit-distance index before timing.
    let resolved = names.iter().filter(|n| gazetteer.find(n).is_some()).count();
    eprintln!("geocode_names: {resolved} of {} texts resolve", names.len());

    let mut group = c.benchmark_group("geocode_names");
    group
        .sample_size(10)
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(3));
    group.throughput(Throughput::Elements(names.len() as u64));
    group.bench_with_input(
        BenchmarkId::new("gazetteer/1-core", names.len()),
        &names,
        |b, names| {
            b.iter(|| {
                names
                    .iter()
                    .filter(|n| gazetteer.find(black_box(n)).is_some())
                    .count()
            })
        },
    );
    group.bench_with_input(
        BenchmarkId::new("gazetteer/all-cores", names.len()),
        &names,
        |b, names| {
            b.iter(|| {
                names
                    .par_iter()
                    .filter(|n| gazetteer.find(black_box(n)).is_some())
                    .count()
            })
        },
    );

    // The whole resolution a partner row gets: name lookup, then the
    // municipality's representative point, region and sub-region.
    let subregions = SubregionScheme::preset(DEFAULT_SUBREGION_PRESET, &region, boundaries)
        .expect("the default sub-region preset exists");
    let geocoder = Geocoder::new(boundaries, &region, &subregions);
    let resolved =
        |name: &str| geocoder.resolve(Some(name), None, None).match_kind != MatchKind::Unresolved;
    group.bench_with_input(
        BenchmarkId::new("geocoder/1-core", names.len()),
        &names,
        |b, names| b.iter(|| names.iter().filter(|n| resolved(black_box(n))).count()),
    );
    group.bench_with_input(
        BenchmarkId::new("geocoder/all-cores", names.len()),
        &names,
        |b, names| b.iter(|| names.par_iter().filter(|n| resolved(black_box(n))).count()),
    );

    // The suggestions an unresolved text gets: the closest names by
    // Jaro-Winkler similarity, three as `resolve` asks for.
    let unresolved: Vec<&str> = names
        .iter()
        .copied()
        .filter(|n| gazetteer.find(n).is_none())
        .collect();
    group.throughput(Throughput::Elements(unresolved.len() as u64));
    group.bench_with_input(
        BenchmarkId::new("closest/1-core", unresolved.len()),
        &unresolved,
        |b, texts| {
            b.iter(|| {
                texts
                    .iter()
                    .map(|t| gazetteer.closest(black_box(t), 3).len())
                    .sum::<usize>()
            })
        },
    );
    group.finish();

    // Where the time goes: each form on its own, one core.
    let mut group = c.benchmark_group("geocode_names_by_form");
    group
        .sample_size(10)
        .warm_up_time(Duration::from_millis(200))
        .measurement_time(Duration::from_secs(1));
    for form in FORMS {
        let subset: Vec<&str> = generated
            .iter()
            .filter(|(f, _)| *f == form)
            .map(|(_, text)| text.as_str())
            .collect();
        group.throughput(Throughput::Elements(subset.len() as u64));
        group.bench_with_input(
            BenchmarkId::new(format!("{form:?}"), subset.len()),
            &subset,
            |b, subset| {
                b.iter(|| {
                    subset
                        .iter()
                        .filter(|n| gazetteer.find(black_box(n)).is_some())
                        .count()
                })
            },
        );
    }
    group.finish();
}

criterion::criterion_group!(benches, bench_names);
criterion::criterion_main!(benches);
