//! Property tests over random inputs (fixed seeds, modest case counts):
//! - point location: on random polygons imported like VG250 and on random
//!   subsets of the embedded municipalities, the R-tree answers what brute
//!   force answers, the grid locator what the R-tree answers, and both agree
//!   with an independent point-in-polygon test away from the borders;
//! - geocoding never panics, whatever the place text and coordinates;
//! - a network figure over partners and projects with arbitrary names is
//!   well-formed SVG that parses back.

use geo::Contains;
use geo_types::{Coord, LineString, MultiPolygon, Point, Polygon};
use proptest::prelude::*;
use proptest::test_runner::{RngAlgorithm, RngSeed};
use ruhrmap::render::parse_svg;
use ruhrmap::text::displayed_text;
use ruhrmap::{
    Boundaries, FigureConfig, FigureData, Geocoder, GridLocator, ImportOptions, Lang, MatchKind,
    MunicipalityId, MunicipalityIndex, Region, SubregionScheme, build_figure, import_boundaries,
    write_svg,
};
use std::path::Path;

fn config(cases: u32, seed: u64) -> ProptestConfig {
    ProptestConfig {
        cases,
        rng_algorithm: RngAlgorithm::ChaCha,
        rng_seed: RngSeed::Fixed(seed),
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

// ------------------------------------------------------------------ point location

/// A star-shaped ring around `centre`: vertex k at angle (k + jitter) · 2π/n
/// and its own radius (degrees), closed. With at least 5 vertices no gap
/// between angles reaches π, so the centre is well inside.
fn star(centre: (f64, f64), vertices: &[(f64, f64)]) -> Vec<Coord<f64>> {
    let step = std::f64::consts::TAU / vertices.len() as f64;
    let mut ring: Vec<Coord<f64>> = vertices
        .iter()
        .enumerate()
        .map(|(k, &(jitter, radius))| {
            let angle = (k as f64 + jitter) * step;
            Coord {
                x: centre.0 + radius * angle.cos(),
                y: centre.1 + radius * angle.sin() * 0.65,
            }
        })
        .collect();
    ring.push(ring[0]);
    ring
}

/// A polygon part: a star, maybe with a star-shaped hole around the same
/// centre. The hole (radius below 0.006°) stays inside the outer ring, whose
/// edges keep more than 0.02° · cos(0.36π) ≈ 0.0085° from the centre.
fn part_strategy() -> impl Strategy<Value = Polygon<f64>> {
    (
        (6.0..14.5f64, 47.8..54.5f64),
        prop::collection::vec((0.0..0.8f64, 0.02..0.4f64), 5..24),
        prop::option::of(prop::collection::vec((0.0..0.8f64, 0.001..0.006f64), 5..8)),
    )
        .prop_map(|(centre, outer, hole)| {
            Polygon::new(
                LineString::from(star(centre, &outer)),
                hole.map(|h| LineString::from(star(centre, &h)))
                    .into_iter()
                    .collect(),
            )
        })
}

/// Municipalities of one or two parts each.
fn municipalities_strategy() -> impl Strategy<Value = Vec<MultiPolygon<f64>>> {
    prop::collection::vec(
        prop::collection::vec(part_strategy(), 1..3).prop_map(MultiPolygon),
        1..7,
    )
}

fn ring_json(ring: &LineString<f64>) -> serde_json::Value {
    ring.0
        .iter()
        .map(|c| serde_json::json!([c.x, c.y]))
        .collect()
}

/// Imports the polygons as a VG250 municipality layer and loads the result.
fn import(municipalities: &[MultiPolygon<f64>]) -> (tempfile::TempDir, Boundaries) {
    let features: Vec<serde_json::Value> = municipalities
        .iter()
        .enumerate()
        .map(|(k, mp)| {
            let polygons: Vec<serde_json::Value> = mp
                .0
                .iter()
                .map(|p| {
                    std::iter::once(p.exterior())
                        .chain(p.interiors())
                        .map(ring_json)
                        .collect()
                })
                .collect();
            serde_json::json!({
                "type": "Feature",
                "properties": {"AGS": format!("0591{:04}", k + 1), "GEN": format!("Gemeinde {}", k + 1), "BEZ": "Stadt"},
                "geometry": {"type": "MultiPolygon", "coordinates": polygons}
            })
        })
        .collect();
    let dir = tempfile::tempdir().unwrap();
    let source = dir.path().join("gem.geojson");
    std::fs::write(
        &source,
        serde_json::json!({"type": "FeatureCollection", "features": features}).to_string(),
    )
    .unwrap();
    let out = dir.path().join("boundaries");
    import_boundaries(&[source], &out, &ImportOptions::default()).expect("import");
    let boundaries = Boundaries::from_dir(&out).expect("load");
    (dir, boundaries)
}

/// Distance (degrees, planar) from `p` to the nearest edge of any polygon.
fn distance_to_edges(p: Coord<f64>, municipalities: &[MultiPolygon<f64>]) -> f64 {
    let segment = |a: Coord<f64>, b: Coord<f64>| {
        let (dx, dy) = (b.x - a.x, b.y - a.y);
        let length2 = dx * dx + dy * dy;
        let t = if length2 == 0.0 {
            0.0
        } else {
            (((p.x - a.x) * dx + (p.y - a.y) * dy) / length2).clamp(0.0, 1.0)
        };
        ((a.x + t * dx - p.x).powi(2) + (a.y + t * dy - p.y).powi(2)).sqrt()
    };
    municipalities
        .iter()
        .flat_map(|mp| &mp.0)
        .flat_map(|poly| std::iter::once(poly.exterior()).chain(poly.interiors()))
        .flat_map(|ring| ring.lines())
        .map(|line| segment(line.start, line.end))
        .fold(f64::INFINITY, f64::min)
}

/// Query points: random ones over the polygons' extent, the stored vertices
/// themselves (exactly on borders) and the midpoints of stored edges.
fn query_points(boundaries: &Boundaries, random: &[(f64, f64)]) -> Vec<Coord<f64>> {
    let topology = boundaries.full_topology();
    let mut points: Vec<Coord<f64>> = Vec::new();
    for geometry in &topology.geometries {
        for rings in geometry {
            for ring in rings {
                let quantized = topology.ring_quantized(ring);
                for pair in quantized.windows(2) {
                    points.push(topology.to_lonlat(pair[0]));
                    let a = topology.to_lonlat(pair[0]);
                    let b = topology.to_lonlat(pair[1]);
                    points.push(Coord {
                        x: (a.x + b.x) / 2.0,
                        y: (a.y + b.y) / 2.0,
                    });
                }
            }
        }
    }
    let (mut x0, mut y0, mut x1, mut y1) = (f64::MAX, f64::MAX, f64::MIN, f64::MIN);
    for p in &points {
        (x0, y0, x1, y1) = (x0.min(p.x), y0.min(p.y), x1.max(p.x), y1.max(p.y));
    }
    let (w, h) = (x1 - x0, y1 - y0);
    points.extend(random.iter().map(|&(u, v)| Coord {
        x: x0 - 0.05 * w + u * 1.1 * w,
        y: y0 - 0.05 * h + v * 1.1 * h,
    }));
    points
}

proptest! {
    #![proptest_config(config(24, 0x5275_6872_0006))]

    #[test]
    fn rtree_grid_and_brute_force_agree_on_random_polygons(
        municipalities in municipalities_strategy(),
        random in prop::collection::vec((0.0..1.0f64, 0.0..1.0f64), 400),
    ) {
        let (_dir, boundaries) = import(&municipalities);
        prop_assert_eq!(boundaries.municipalities().len(), municipalities.len());
        let index = MunicipalityIndex::new(&boundaries);
        let grid = GridLocator::from_index(&index);
        let grid_built_alone = GridLocator::new(&boundaries);
        let points = query_points(&boundaries, &random);
        let grid_all = grid.locate_all(&points);
        for (k, &p) in points.iter().enumerate() {
            let found = index.locate(p);
            prop_assert_eq!(found, index.locate_brute_force(p), "R-tree vs brute force at {:?}", p);
            prop_assert_eq!(grid.locate(p), found, "grid vs R-tree at {:?}", p);
            prop_assert_eq!(grid_all[k], found, "grid (batch) vs R-tree at {:?}", p);
            prop_assert_eq!(grid_built_alone.locate(p), found, "grid over the boundaries vs R-tree at {:?}", p);
            // away from every border, an independent even-odd test decides
            if distance_to_edges(p, &municipalities) > 1e-5 {
                let containing: Vec<MunicipalityId> = municipalities
                    .iter()
                    .enumerate()
                    .filter(|(_, mp)| mp.0.iter().any(|poly| poly.contains(&Point::from(p))))
                    .map(|(k, _)| MunicipalityId::new(k))
                    .collect();
                match found {
                    None => prop_assert!(containing.is_empty(), "{:?} lies in {:?}, none found", p, containing),
                    Some(i) => prop_assert!(containing.contains(&i), "{:?} found in {:?}, lies in {:?}", p, i, containing),
                }
            }
        }
    }

    #[test]
    fn rtree_grid_and_brute_force_agree_on_embedded_subsets(
        seed in 0usize..11_000,
        size in 1usize..30,
        stride in 1usize..400,
        random in prop::collection::vec((0.0..1.0f64, 0.0..1.0f64), 300),
    ) {
        let boundaries = Boundaries::embedded();
        let n = boundaries.municipalities().len();
        let mut members: Vec<MunicipalityId> =
            (0..size).map(|k| MunicipalityId::new((seed + k * stride) % n)).collect();
        members.sort_unstable();
        members.dedup();
        let index = MunicipalityIndex::for_subset(boundaries, &members);
        let grid = GridLocator::for_subset(boundaries, &members);
        let (mut x0, mut y0, mut x1, mut y1) = (f64::MAX, f64::MAX, f64::MIN, f64::MIN);
        for &m in &members {
            for poly in &boundaries.geometry(m).0 {
                for c in &poly.exterior().0 {
                    (x0, y0, x1, y1) = (x0.min(c.x), y0.min(c.y), x1.max(c.x), y1.max(c.y));
                }
            }
        }
        for &(u, v) in &random {
            let p = Coord { x: x0 + u * (x1 - x0), y: y0 + v * (y1 - y0) };
            let found = index.locate(p);
            prop_assert_eq!(found, index.locate_brute_force(p), "R-tree vs brute force at {:?}", p);
            prop_assert_eq!(grid.locate(p), found, "grid vs R-tree at {:?}", p);
            if let Some(i) = found {
                prop_assert!(members.contains(&i));
            }
        }
    }
}

/// The polygon on which the property test first found the grid and the
/// R-tree to disagree: at the tip of the spike, a vertex of the border.
#[test]
fn the_spike_tip_found_by_the_property_test() {
    let ring: Vec<Coord<f64>> = [
        (12.300662588285112, 52.11446475771531),
        (12.299456440700832, 52.11891101957855),
        (12.295983477147493, 52.12282099664124),
        (12.290662588285112, 52.12572308796451),
        (12.284135551838451, 52.12726725850447),
        (12.277189624731774, 52.12726725850447),
        (12.255799768057642, 52.14245614182004),
        (12.05461473882893, 52.189420459054496),
        (12.26120392588526, 52.117468887096614),
        (12.260662588285113, 52.11446475771531),
        (12.261868735869394, 52.110018495852074),
        (12.265341699422732, 52.106108518789384),
        (12.270662588285113, 52.10320642746611),
        (12.277189624731774, 52.101662256926154),
        (12.344841319229367, 51.877880572208625),
        (12.290662588285112, 52.10320642746611),
        (12.295983477147493, 52.106108518789384),
        (12.299456440700832, 52.110018495852074),
        (12.300662588285112, 52.11446475771531),
    ]
    .iter()
    .map(|&(x, y)| Coord { x, y })
    .collect();
    let spike = MultiPolygon(vec![Polygon::new(LineString::from(ring), vec![])]);
    let (_dir, boundaries) = import(&[spike]);
    let index = MunicipalityIndex::new(&boundaries);
    let grid = GridLocator::from_index(&index);
    let tip = Coord {
        x: 12.0546147,
        y: 52.1894205,
    };
    assert_eq!(index.locate(tip), Some(MunicipalityId::new(0)));
    assert_eq!(grid.locate(tip), index.locate(tip));
}

// ------------------------------------------------------------------ geocoding

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

fn coordinate() -> impl Strategy<Value = Option<f64>> {
    prop::option::of(prop_oneof![
        Just(f64::NAN),
        Just(f64::INFINITY),
        Just(f64::NEG_INFINITY),
        Just(0.0),
        Just(-0.0),
        Just(f64::MAX),
        Just(f64::MIN_POSITIVE),
        any::<f64>(),
        -200.0..200.0f64,
        5.0..16.0f64,
        47.0..56.0f64,
        200_000.0..6_100_000.0f64,
    ])
}

fn place_text() -> impl Strategy<Value = Option<String>> {
    prop::option::of(prop_oneof![
        any::<String>(),
        "\\PC{0,60}",
        "[0-9 ]{0,12}[A-Za-zäöüß .,-]{0,30}",
        prop::sample::select(vec![
            "Bochum",
            "Mülheim a.d. Ruhr",
            "45127 Essen",
            "Kreis Wesel",
            "Hamm (Westf.)",
            "Kronprinzenstraße 35, 45128 Essen",
            "",
            " ",
            "\u{202E}mahcoB",
            "Dort\u{0}mund",
        ])
        .prop_map(String::from),
        (
            prop::sample::select(vec!["Bochum", "Gelsenkirchen", "Recklinghausen"]),
            "[^\\p{Cc}]{0,6}"
        )
            .prop_map(|(a, b)| format!("{a}{b}")),
    ])
}

proptest! {
    #![proptest_config(config(400, 0x5275_6872_0016))]

    #[test]
    fn geocoding_never_panics(place in place_text(), lon in coordinate(), lat in coordinate()) {
        let geocoder = geocoder();
        let r = geocoder.resolve(place.as_deref(), lon, lat);
        let count = geocoder.boundaries().municipalities().len();
        if let Some(i) = r.municipality {
            prop_assert!(i.index() < count);
        }
        if let Some(p) = r.position {
            prop_assert!(p.x.is_finite() && p.y.is_finite(), "{:?}", p);
        }
        if r.match_kind == MatchKind::Unresolved {
            prop_assert_eq!(r.municipality, None);
            prop_assert_eq!(r.position, None);
        }
        if r.in_region {
            prop_assert!(r.municipality.is_some());
        }
        prop_assert!(r.warnings.iter().all(|w| !w.is_empty()));
    }
}

// ------------------------------------------------------------------ figures

/// Places for the partners: in the region, outside it, and none.
const PLACES: [&str; 5] = ["Essen", "Dortmund", "Bochum", "Münster", ""];

fn csv_text(rows: &[Vec<String>]) -> String {
    let mut writer = csv::WriterBuilder::new()
        .delimiter(b';')
        .from_writer(Vec::new());
    for row in rows {
        writer.write_record(row).unwrap();
    }
    String::from_utf8(writer.into_inner().unwrap()).unwrap()
}

/// Renders a network figure of one project, its partners named `names`,
/// and returns the SVG.
fn network_svg(dir: &Path, project: &str, title: &str, names: &[String]) -> String {
    let mut projects = vec![
        vec!["id", "title", "field", "status", "coordinator", "place"]
            .into_iter()
            .map(String::from)
            .collect::<Vec<_>>(),
    ];
    projects.push(vec![
        project.to_string(),
        title.to_string(),
        "HF2".into(),
        "running".into(),
        names[0].clone(),
        "Essen".into(),
    ]);
    let mut partners = vec![
        vec!["project", "id", "name", "role", "actor_type", "place"]
            .into_iter()
            .map(String::from)
            .collect::<Vec<_>>(),
    ];
    for (k, name) in names.iter().enumerate() {
        let role = match k {
            0 => "coordinator",
            k if k % 2 == 1 => "core",
            _ => "loose",
        };
        partners.push(vec![
            project.to_string(),
            format!("{project}-{k}-{name}"),
            name.clone(),
            role.into(),
            "science".into(),
            PLACES[k % PLACES.len()].into(),
        ]);
    }
    std::fs::write(dir.join("projects.csv"), csv_text(&projects)).unwrap();
    std::fs::write(dir.join("partners.csv"), csv_text(&partners)).unwrap();
    let quoted = |s: &str| toml::Value::String(s.to_string()).to_string();
    let toml = format!(
        "[data]\nprojects = \"projects.csv\"\npartners = \"partners.csv\"\n\n[[figures]]\nid = \"netz\"\nkind = \"network\"\ntitle = {}\nprojects = [{}]\n",
        quoted(title),
        quoted(project)
    );
    let config = FigureConfig::parse(&toml, &dir.join("report.toml")).expect("config");
    let data = FigureData::load(&config).expect("data");
    let figure = build_figure(&config, 0, &data, Lang::De).expect("figure");
    write_svg(&figure.scene).expect("svg")
}

/// Text without control characters, not blank at either end.
fn name() -> impl Strategy<Value = String> {
    prop_oneof![
        "[^\\p{Cc}]{1,24}",
        prop::sample::select(vec![
            "<script>alert(1)</script>",
            "]]>",
            "a & b",
            "\"quoted\" 'single'",
            "\u{202E}desrever",
            "\u{200F}RLM",
            "=HYPERLINK(\"http://x\")",
            "<!-- c -->",
            "<?xml x?>",
            "&amp;",
        ])
        .prop_map(String::from),
    ]
    .prop_map(|s| format!("N{}", s.trim()))
}

proptest! {
    #![proptest_config(config(10, 0x5275_6872_0026))]

    #[test]
    fn network_figures_with_arbitrary_names_are_well_formed_svg(
        project in name(),
        title in name(),
        names in prop::collection::vec(name(), 2..7),
    ) {
        let dir = tempfile::tempdir().unwrap();
        let project = format!("P{project}");
        let svg = network_svg(dir.path(), &project, &title, &names);
        let doc = roxmltree::Document::parse(&svg)
            .map_err(|e| TestCaseError::fail(format!("not well-formed: {e}")))?;
        prop_assert!(!doc.descendants().any(|n| n.has_tag_name("script")));
        prop_assert!(!doc.descendants().any(|n| n.is_pi() || n.is_comment()));
        let ids: Vec<&str> = doc.descendants().filter_map(|n| n.attribute("id")).collect();
        let unique: std::collections::BTreeSet<&&str> = ids.iter().collect();
        prop_assert_eq!(unique.len(), ids.len(), "ids are unique");
        for id in &ids {
            prop_assert!(
                id.chars().next().is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
                    && id.chars().all(|c| c.is_ascii_alphanumeric() || "-_.".contains(c)),
                "{} is not an NCName", id
            );
        }
        // the panel heading shows the project id as given
        let texts: Vec<String> = doc
            .descendants()
            .filter(|n| n.is_text())
            .filter_map(|n| n.text().map(str::to_string))
            .collect();
        let shown = displayed_text(&project).into_owned();
        prop_assert!(texts.contains(&shown), "{:?} not among {:?}", shown, texts);
        prop_assert!(!svg.chars().any(|c| c.is_control() && c != '\n'));
        parse_svg(&svg).map_err(|e| TestCaseError::fail(format!("usvg: {e}")))?;
    }
}

/// Points exactly on the borders of the Ruhr municipalities — every stored
/// vertex and the midpoint of every stored edge — are located by the grid
/// over Germany as by the R-tree, never in no municipality.
///
/// A point on an edge is decided by the exact test's half-open ray rule in
/// both locators, so it goes to the same neighbour.
#[test]
fn points_on_borders_are_located_like_the_rtree() {
    let boundaries = Boundaries::embedded();
    let members: Vec<MunicipalityId> = Region::ruhr(boundaries)
        .members()
        .iter()
        .map(|a| boundaries.index_of(*a).unwrap())
        .collect();
    // over all of Germany, so every one of these borders is shared
    let index = MunicipalityIndex::new(boundaries);
    let grid = GridLocator::new(boundaries);
    let topology = boundaries.full_topology();
    let mut disagreements = Vec::new();
    let mut checked = 0usize;
    for &m in &members {
        for rings in &topology.geometries[m.index()] {
            for ring in rings {
                let quantized = topology.ring_quantized(ring);
                for pair in quantized.windows(2) {
                    let a = topology.to_lonlat(pair[0]);
                    let b = topology.to_lonlat(pair[1]);
                    for p in [
                        a,
                        Coord {
                            x: (a.x + b.x) / 2.0,
                            y: (a.y + b.y) / 2.0,
                        },
                    ] {
                        checked += 1;
                        let (tree, cells) = (index.locate(p), grid.locate(p));
                        if tree != cells || tree.is_none() {
                            disagreements.push((p, tree, cells));
                        }
                    }
                }
            }
        }
    }
    let lost: Vec<_> = disagreements
        .iter()
        .filter(|(_, tree, cells)| tree.is_none() || cells.is_none())
        .collect();
    assert!(
        lost.is_empty(),
        "{} of {checked} border points are in no municipality (R-tree, grid), e.g. {:?}",
        lost.len(),
        &lost[..lost.len().min(5)]
    );
    assert!(
        disagreements.is_empty(),
        "{} of {checked} border points located differently (R-tree, grid), e.g. {:?}",
        disagreements.len(),
        &disagreements[..disagreements.len().min(5)]
    );
}
