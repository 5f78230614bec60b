//! Point in polygon against an independent implementation: `geo`'s
//! `Contains` and `Intersects` on the embedded full-resolution VG250
//! polygons decide what [`GridLocator`], [`MunicipalityIndex`] and
//! [`SiteLocator`] must answer, on seeded random points in the Ruhr and in
//! Germany and on points on and next to borders (stored vertices, edge
//! midpoints, and midpoints moved 1e-9° off in each direction).
//!
//! Where geo puts a point strictly inside one municipality, every locator
//! must name it; where geo puts it in none and on no boundary, every locator
//! must say none; where geo puts it on a boundary, the answer must be one of
//! the municipalities whose boundary it is on, and none only if that boundary
//! is shared by no second municipality (the national border, the coast).
//!
//! The slower GEOS cross-check over millions of points is manual:
//! `benches/compare/crosscheck_geos.py` (see BENCHMARKS.md).

use crate::support::random_points;
use geo::{BoundingRect, Contains, Intersects};
use geo_types::{Coord, MultiPolygon, Point};
use rstar::RTree;
use rstar::primitives::{GeomWithData, Rectangle};
use ruhrmap::{Boundaries, GridLocator, MunicipalityId, MunicipalityIndex, Region, SiteLocator};

/// Box of the 53 Ruhr municipalities and of Germany (lon/lat), rounded outward.
const RUHR_BOX: [f64; 4] = [6.29, 51.21, 8.00, 51.83];
const GERMANY_BOX: [f64; 4] = [5.86, 47.27, 15.05, 55.06];
/// How far the "near a border" points lie off an edge's midpoint (degrees).
const NEAR: f64 = 1e-9;
/// Points this close to a border (degrees, about 0.1 µm) count as on it.
///
/// The locators test in quantised units, `(lon − translate) / scale`, and
/// that division rounds: the computed midpoint of an edge lies about 1e-16°
/// to one side of it in lon/lat (where geo decides exactly) and may land on
/// the other side, or on the edge, in quantised units. Such a point is on the
/// border for every practical purpose, and the answer must be one of the
/// municipalities sharing it; a point `NEAR` off is a thousand times farther
/// and must be decided exactly as geo decides.
const ON_BORDER: f64 = 1e-12;
/// How far around a border point (degrees, about 1 cm) to look for area
/// outside every municipality, telling the outer border from inner ones.
const PROBE: f64 = 1e-7;

/// What geo says about a point.
#[derive(Debug, Clone, PartialEq)]
enum Truth {
    /// Strictly inside these municipalities (more than one is an overlap).
    Inside(Vec<usize>),
    /// On the boundary of these municipalities and inside none; `outer`
    /// when the boundary is also that of the whole area considered
    /// (Germany's border, the coast, the edge of a subset).
    OnBoundary {
        /// The municipalities whose boundary the point is on.
        touching: Vec<usize>,
        /// Whether some point right around it lies in no municipality.
        outer: bool,
    },
    /// In no municipality and on no boundary.
    Outside,
}

/// The full-resolution polygons with an R-tree of their bounding boxes.
struct Reference {
    polygons: Vec<MultiPolygon<f64>>,
    boxes: RTree<GeomWithData<Rectangle<[f64; 2]>, usize>>,
}

impl Reference {
    fn new(boundaries: &Boundaries) -> Reference {
        let polygons: Vec<MultiPolygon<f64>> = (0..boundaries.municipalities().len())
            .map(|i| boundaries.geometry(MunicipalityId::new(i)))
            .collect();
        let boxes = polygons
            .iter()
            .enumerate()
            .map(|(i, mp)| {
                let r = mp.bounding_rect().expect("a municipality has an extent");
                GeomWithData::new(
                    Rectangle::from_corners([r.min().x, r.min().y], [r.max().x, r.max().y]),
                    i,
                )
            })
            .collect();
        Reference {
            polygons,
            boxes: RTree::bulk_load(boxes),
        }
    }

    /// geo's verdict, considering only the municipalities `member` accepts.
    fn truth(&self, p: Coord<f64>, member: impl Fn(usize) -> bool) -> Truth {
        let point = Point::from(p);
        let mut candidates: Vec<usize> = self
            .boxes
            .locate_all_at_point(&[p.x, p.y])
            .map(|g| g.data)
            .filter(|&i| member(i))
            .collect();
        candidates.sort_unstable();
        let inside: Vec<usize> = candidates
            .iter()
            .copied()
            .filter(|&i| self.polygons[i].contains(&point))
            .collect();
        let touching: Vec<usize> = candidates
            .into_iter()
            .filter(|&i| {
                self.polygons[i].intersects(&point)
                    || distance_to_rings(p, &self.polygons[i]) <= ON_BORDER
            })
            .collect();
        let on_border = |i: &usize| distance_to_rings(p, &self.polygons[*i]) <= ON_BORDER;
        if !inside.is_empty() && !inside.iter().any(on_border) {
            return Truth::Inside(inside);
        }
        if touching.is_empty() {
            Truth::Outside
        } else {
            let outer = (0..16).any(|k| {
                let angle = f64::from(k) * std::f64::consts::TAU / 16.0;
                let probe = Point::new(p.x + PROBE * angle.cos(), p.y + PROBE * angle.sin());
                !touching.iter().any(|&i| self.polygons[i].contains(&probe))
            });
            Truth::OnBoundary { touching, outer }
        }
    }
}

/// Distance (degrees, planar) from `p` to the nearest edge of `geometry`.
fn distance_to_rings(p: Coord<f64>, geometry: &MultiPolygon<f64>) -> f64 {
    geometry
        .0
        .iter()
        .flat_map(|poly| std::iter::once(poly.exterior()).chain(poly.interiors()))
        .flat_map(|ring| ring.lines())
        .map(|line| {
            let (a, b) = (line.start, line.end);
            let (dx, dy) = (b.x - a.x, b.y - a.y);
            let length2 = dx * dx + dy * dy;
            let t = if length2 == 0.0 {
                0.0
            } else {
                (((p.x - a.x) * dx + (p.y - a.y) * dy) / length2).clamp(0.0, 1.0)
            };
            (a.x + t * dx - p.x).hypot(a.y + t * dy - p.y)
        })
        .fold(f64::INFINITY, f64::min)
}

/// Whether `answer` is what `truth` allows; `None` on a boundary only if
/// the boundary is an outer one (never inside Germany, or inside the subset).
fn agrees(truth: &Truth, answer: Option<usize>) -> bool {
    match (truth, answer) {
        (Truth::Inside(inside), Some(i)) => inside.len() == 1 && inside[0] == i,
        (Truth::Inside(_), None) => false,
        (Truth::OnBoundary { touching, .. }, Some(i)) => touching.contains(&i),
        (Truth::OnBoundary { outer, .. }, None) => *outer,
        (Truth::Outside, answer) => answer.is_none(),
    }
}

/// Stored vertices, edge midpoints and midpoints moved `NEAR` off in four
/// directions, for every `stride`-th edge of the municipalities `members`.
fn border_points(boundaries: &Boundaries, members: &[usize], stride: usize) -> Vec<Coord<f64>> {
    let topology = boundaries.full_topology();
    let mut points = Vec::new();
    let mut edge = 0usize;
    for &m in members {
        for ring in topology.geometries[m].iter().flatten() {
            let quantized = topology.ring_quantized(ring);
            for pair in quantized.windows(2) {
                edge += 1;
                if !edge.is_multiple_of(stride) {
                    continue;
                }
                let (a, b) = (topology.to_lonlat(pair[0]), topology.to_lonlat(pair[1]));
                let mid = Coord {
                    x: (a.x + b.x) / 2.0,
                    y: (a.y + b.y) / 2.0,
                };
                points.push(a);
                points.push(mid);
                for (dx, dy) in [(NEAR, 0.0), (-NEAR, 0.0), (0.0, NEAR), (0.0, -NEAR)] {
                    points.push(Coord {
                        x: mid.x + dx,
                        y: mid.y + dy,
                    });
                }
            }
        }
    }
    points
}

/// A locator under test: its name, its answer, and which municipalities it
/// covers (all, or a subset).
type Locator<'a> = (
    &'a str,
    &'a dyn Fn(Coord<f64>) -> Option<usize>,
    &'a dyn Fn(usize) -> bool,
);

/// Checks every locator on `points`, returning one line per disagreement.
fn disagreements(
    what: &str,
    points: &[Coord<f64>],
    reference: &Reference,
    locators: &[Locator<'_>],
) -> Vec<String> {
    let mut problems = Vec::new();
    for &p in points {
        for (name, locate, member) in locators {
            let truth = reference.truth(p, member);
            if let Truth::Inside(inside) = &truth {
                assert!(
                    inside.len() == 1,
                    "{what}: geo finds {p:?} inside several municipalities {inside:?}: the data overlap"
                );
            }
            let answer = locate(p);
            if !agrees(&truth, answer) {
                problems.push(format!(
                    "{what}: {name} answers {answer:?} at {p:?}, geo says {truth:?}"
                ));
            }
        }
    }
    problems
}

fn assert_none(problems: Vec<String>, checked: usize) {
    assert!(
        problems.is_empty(),
        "{} disagreements with geo among {checked} points, e.g.\n{}",
        problems.len(),
        problems
            .iter()
            .step_by((problems.len() / 40).max(1))
            .cloned()
            .collect::<Vec<_>>()
            .join("\n")
    );
}

fn ruhr_members(boundaries: &Boundaries) -> Vec<usize> {
    Region::ruhr(boundaries)
        .members()
        .iter()
        .map(|a| boundaries.index_of(*a).unwrap().index())
        .collect()
}

#[test]
fn locators_agree_with_geo_on_random_and_border_points() {
    let boundaries = Boundaries::embedded();
    let reference = Reference::new(boundaries);
    let members = ruhr_members(boundaries);
    let ruhr = Region::ruhr(boundaries);
    let index = MunicipalityIndex::new(boundaries);
    let grid = GridLocator::from_index(&index);
    let member_ids: Vec<MunicipalityId> = members.iter().map(|&i| MunicipalityId::new(i)).collect();
    let ruhr_grid = GridLocator::for_subset(boundaries, &member_ids);
    let site = SiteLocator::new(boundaries, &ruhr);
    let anywhere = |_: usize| true;
    let in_ruhr = |i: usize| members.contains(&i);
    let germany_wide: [Locator<'_>; 3] = [
        (
            "MunicipalityIndex",
            &|p| index.locate(p).map(MunicipalityId::index),
            &anywhere,
        ),
        (
            "GridLocator",
            &|p| grid.locate(p).map(MunicipalityId::index),
            &anywhere,
        ),
        (
            "SiteLocator",
            &|p| site.locate(p).map(MunicipalityId::index),
            &anywhere,
        ),
    ];
    let locate_in_ruhr = |p: Coord<f64>| ruhr_grid.locate(p).map(MunicipalityId::index);
    let mut with_ruhr_grid = germany_wide.to_vec();
    with_ruhr_grid.push(("GridLocator over the Ruhr", &locate_in_ruhr, &in_ruhr));

    let ruhr_points = random_points(0x5275_6872, 3_000, RUHR_BOX);
    let germany_points = random_points(0x4445, 3_000, GERMANY_BOX);
    // every 7th edge of the Ruhr, and of every 50th municipality elsewhere
    let ruhr_borders = border_points(boundaries, &members, 7);
    let elsewhere: Vec<usize> = (0..boundaries.municipalities().len()).step_by(50).collect();
    let german_borders = border_points(boundaries, &elsewhere, 7);

    let mut problems = disagreements("Ruhr, random", &ruhr_points, &reference, &with_ruhr_grid);
    problems.extend(disagreements(
        "Germany, random",
        &germany_points,
        &reference,
        &germany_wide,
    ));
    problems.extend(disagreements(
        "Ruhr borders",
        &ruhr_borders,
        &reference,
        &with_ruhr_grid,
    ));
    problems.extend(disagreements(
        "German borders",
        &german_borders,
        &reference,
        &germany_wide,
    ));
    let checked =
        ruhr_points.len() + germany_points.len() + ruhr_borders.len() + german_borders.len();
    // the samples are big enough to mean something
    assert!(
        ruhr_borders.len() > 5_000 && german_borders.len() > 5_000,
        "{checked}"
    );
    assert_none(problems, checked);
}

/// The verdicts the cross-check relies on, on a unit square: so a
/// locator's wrong answer cannot pass as "on the boundary".
#[test]
fn the_reference_verdicts_on_a_square() {
    use geo_types::polygon;
    let square: MultiPolygon<f64> = MultiPolygon(vec![
        polygon![(x: 0.0, y: 0.0), (x: 1.0, y: 0.0), (x: 1.0, y: 1.0), (x: 0.0, y: 1.0)],
    ]);
    let boxes = RTree::bulk_load(vec![GeomWithData::new(
        Rectangle::from_corners([0.0, 0.0], [1.0, 1.0]),
        0,
    )]);
    let reference = Reference {
        polygons: vec![square],
        boxes,
    };
    let truth = |x, y| reference.truth(Coord { x, y }, |_| true);
    assert_eq!(truth(0.5, 0.5), Truth::Inside(vec![0]));
    assert_eq!(
        truth(1.0, 0.5),
        Truth::OnBoundary {
            touching: vec![0],
            outer: true
        }
    );
    assert_eq!(truth(1.0 + NEAR, 0.5), Truth::Outside);
    assert_eq!(truth(1.0 - NEAR, 0.5), Truth::Inside(vec![0]));
    let inner = |touching: Vec<usize>| Truth::OnBoundary {
        touching,
        outer: false,
    };
    assert!(agrees(
        &Truth::OnBoundary {
            touching: vec![0],
            outer: true
        },
        None
    ));
    assert!(!agrees(&inner(vec![0, 1]), None));
    assert!(!agrees(&inner(vec![0, 1]), Some(2)));
    assert!(agrees(&inner(vec![0, 1]), Some(1)));
    assert!(!agrees(&Truth::Inside(vec![0]), Some(1)));
    assert!(!agrees(&Truth::Outside, Some(0)));
}
