//! Co-location: spreading several markers that share one municipality so that
//! none covers another and all stay inside the municipality as drawn.
//!
//! The markers are put on a hexagonal lattice centred on the municipality's
//! representative point, nearest slots first (so the first marker, usually the
//! coordinator, sits on the point itself). A slot is taken only if the whole
//! marker disc lies inside the municipality's polygon on the page; where the
//! polygon is too small at print scale, the rule relaxes step by step (centre
//! inside, then nearest free slot) and the result says so.

use geo::{Contains, Distance, Euclidean};
use geo_types::{Coord, LineString, MultiPolygon, Point};

/// A marker disc on the page, in millimetres.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Disc {
    /// Centre (mm).
    pub center: Coord<f64>,
    /// Radius (mm), including any outline.
    pub radius: f64,
}

impl Disc {
    /// Whether two discs overlap by more than `tolerance` mm.
    pub fn overlaps(&self, other: &Disc, tolerance: f64) -> bool {
        let d = (self.center.x - other.center.x).hypot(self.center.y - other.center.y);
        d + tolerance < self.radius + other.radius
    }
}

/// How well a spread kept its markers inside the municipality.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Containment {
    /// Every marker disc lies wholly inside the polygon.
    Inside,
    /// Every marker centre lies inside, but some discs touch the boundary.
    CentresInside,
    /// The polygon is too small at this scale: some markers stand outside it.
    Spilled,
}

/// The result of [`spread_markers`]: one centre per marker, in input order.
#[derive(Debug, Clone, PartialEq)]
pub struct Spread {
    /// Marker centres (mm), same order as the radii given.
    pub centers: Vec<Coord<f64>>,
    /// How well the markers were kept inside.
    pub containment: Containment,
}

impl Spread {
    /// The smallest circle about `anchor` that encloses every marker disc,
    /// as (centre, radius) – what a label has to keep clear of.
    pub fn enclosing(&self, radii: &[f64]) -> Disc {
        let n = self.centers.len().max(1) as f64;
        let cx = self.centers.iter().map(|c| c.x).sum::<f64>() / n;
        let cy = self.centers.iter().map(|c| c.y).sum::<f64>() / n;
        let center = Coord { x: cx, y: cy };
        let radius = self
            .centers
            .iter()
            .zip(radii)
            .map(|(c, r)| (c.x - cx).hypot(c.y - cy) + r)
            .fold(0.0, f64::max);
        Disc { center, radius }
    }
}

/// Spreads markers of the given `radii` (mm) around `anchor` inside `area`
/// (the municipality on the page, mm), `gap` mm apart, avoiding the discs in
/// `occupied` (markers already placed for other municipalities).
///
/// Markers are placed in input order on the lattice slots nearest to the
/// anchor, so callers list the most important marker first.
///
/// ```
/// use geo_types::{coord, polygon, Coord, MultiPolygon};
/// use ruhrmap::render::{Containment, spread_markers};
/// let square = MultiPolygon(vec![polygon![(x: 0.0, y: 0.0), (x: 20.0, y: 0.0), (x: 20.0, y: 20.0), (x: 0.0, y: 20.0)]]);
/// let s = spread_markers(coord! { x: 10.0, y: 10.0 }, &[1.5, 1.0, 1.0, 1.0], 0.3, &square, &[]);
/// assert_eq!(s.centers[0], coord! { x: 10.0, y: 10.0 }); // the first marker keeps the point
/// assert_eq!(s.containment, Containment::Inside);
/// ```
pub fn spread_markers(
    anchor: Coord<f64>,
    radii: &[f64],
    gap: f64,
    area: &MultiPolygon<f64>,
    occupied: &[Disc],
) -> Spread {
    if radii.is_empty() {
        return Spread {
            centers: Vec::new(),
            containment: Containment::Inside,
        };
    }
    let first = radii[0];
    let other = radii[1..]
        .iter()
        .copied()
        .fold(0.0, f64::max)
        .max(if radii.len() == 1 { first } else { 0.0 });
    let spacing = 2.0 * other + gap;
    let rings: Vec<LineString<f64>> = area
        .0
        .iter()
        .flat_map(|p| std::iter::once(p.exterior().clone()).chain(p.interiors().iter().cloned()))
        .collect();
    // enough lattice rings to hold every marker even if most slots are rejected
    let lattice = ring_slots(anchor, first, other, gap, radii.len());
    let clearance = |c: Coord<f64>| -> f64 {
        let p = Point(c);
        if !area.contains(&p) {
            return -1.0;
        }
        rings
            .iter()
            .map(|r| Euclidean.distance(&p, r))
            .fold(f64::INFINITY, f64::min)
    };
    let clearances: Vec<f64> = lattice.iter().map(|&c| clearance(c)).collect();
    if let Some(centers) = fill(&lattice, radii, occupied, |k, r| clearances[k] >= r) {
        return Spread {
            centers,
            containment: Containment::Inside,
        };
    }
    // where the whole group fits best: the interior point farthest from the
    // boundary (a pole of inaccessibility on a coarse grid); tried only when
    // the representative point lies too close to an edge for the whole group
    let pole = interior_pole(area, &clearance).filter(|p| *p != anchor);
    let pole_lattice = pole.map(|p| ring_slots(p, first, other, gap, radii.len()));
    let pole_clearances: Option<Vec<f64>> = pole_lattice
        .as_ref()
        .map(|l| l.iter().map(|&c| clearance(c)).collect());
    if let (Some(slots), Some(cl)) = (&pole_lattice, &pole_clearances)
        && let Some(centers) = fill(slots, radii, occupied, |k, r| cl[k] >= r)
    {
        return Spread {
            centers,
            containment: Containment::Inside,
        };
    }
    // the discs may touch the boundary, but every centre stays inside
    let mut attempts = vec![(&lattice, &clearances)];
    if let (Some(l), Some(c)) = (&pole_lattice, &pole_clearances) {
        attempts.push((l, c));
    }
    for (slots, cl) in attempts {
        if let Some(centers) = fill(slots, radii, occupied, |k, _| cl[k] >= 0.0) {
            return Spread {
                centers,
                containment: Containment::CentresInside,
            };
        }
    }
    // too small at this scale: centres inside where possible, then nearest free slots
    let inside_first = fill(&lattice, radii, occupied, |k, _| clearances[k] >= 0.0);
    if let Some(centers) = inside_first.or_else(|| fill(&lattice, radii, occupied, |_, _| true)) {
        return Spread {
            centers,
            containment: Containment::Spilled,
        };
    }
    // unreachable in practice: the spilled rule takes any free slot and the
    // lattice holds more slots than markers plus occupied discs; fall back to
    // an outward spiral so every marker still gets a distinct place
    let centers = (0..radii.len())
        .map(|k| {
            let a = k as f64 * 2.399_963; // golden angle
            let d = spacing * (k as f64).sqrt() * 1.2;
            Coord {
                x: anchor.x + d * a.cos(),
                y: anchor.y + d * a.sin(),
            }
        })
        .collect();
    Spread {
        centers,
        containment: Containment::Spilled,
    }
}

/// Places markers of `radii` in order on the first free `slots` that satisfy
/// `ok(slot, radius)`; for the spilled rule, slots satisfying `ok` are
/// preferred and any free slot is taken after them.
fn fill(
    slots: &[Coord<f64>],
    radii: &[f64],
    occupied: &[Disc],
    ok: impl Fn(usize, f64) -> bool,
) -> Option<Vec<Coord<f64>>> {
    let mut taken = vec![false; slots.len()];
    let mut placed: Vec<Disc> = Vec::with_capacity(radii.len());
    for &r in radii {
        let free = |k: usize| {
            let disc = Disc {
                center: slots[k],
                radius: r,
            };
            !taken[k]
                && !occupied
                    .iter()
                    .chain(&placed)
                    .any(|o| disc.overlaps(o, 1e-9))
        };
        let k = (0..slots.len()).find(|&k| ok(k, r) && free(k))?;
        taken[k] = true;
        placed.push(Disc {
            center: slots[k],
            radius: r,
        });
    }
    Some(placed.into_iter().map(|d| d.center).collect())
}

/// The point of a coarse grid over `area` with the largest clearance, if any
/// grid point lies inside.
fn interior_pole(
    area: &MultiPolygon<f64>,
    clearance: &impl Fn(Coord<f64>) -> f64,
) -> Option<Coord<f64>> {
    use geo::BoundingRect;
    let bounds = area.bounding_rect()?;
    let n = 24;
    let mut best: Option<(f64, Coord<f64>)> = None;
    for i in 0..=n {
        for j in 0..=n {
            let c = Coord {
                x: bounds.min().x + bounds.width() * i as f64 / n as f64,
                y: bounds.min().y + bounds.height() * j as f64 / n as f64,
            };
            let d = clearance(c);
            if d > 0.0 && best.is_none_or(|(b, _)| d > b) {
                best = Some((d, c));
            }
        }
    }
    best.map(|b| b.1)
}

/// Candidate slots around `center`, nearest first: the centre itself (for the
/// first marker, radius `first`), then concentric rings for markers of radius
/// `other`, each ring as full as its circumference allows. With equal radii
/// this is the hexagonal packing (1, 6, 12, … slots); a larger first marker
/// simply pushes the first ring out. Ties in distance are broken clockwise
/// from 12 o'clock so that the order is deterministic. Produces enough rings
/// for `at_least` slots plus a generous reserve for slots outside the area.
fn ring_slots(
    center: Coord<f64>,
    first: f64,
    other: f64,
    gap: f64,
    at_least: usize,
) -> Vec<Coord<f64>> {
    let pitch = 2.0 * other + gap;
    let mut slots: Vec<(f64, f64, Coord<f64>)> = vec![(0.0, 0.0, center)];
    let wanted = at_least * 5 + 12;
    let mut ring = 0usize;
    while slots.len() < wanted {
        let radius = first + gap + other + ring as f64 * pitch;
        let count = ((std::f64::consts::TAU * radius / pitch).floor() as usize).max(1);
        // alternate rings start half a step apart, so markers nest between the ring inside
        let offset = if ring % 2 == 1 { 0.5 } else { 0.0 };
        for k in 0..count {
            let angle = (k as f64 + offset) / count as f64 * std::f64::consts::TAU;
            // clockwise from 12 o'clock on a page whose y grows downwards
            let (x, y) = (radius * angle.sin(), -radius * angle.cos());
            slots.push((
                round_to(radius, 1e-9),
                round_to(angle, 1e-9),
                Coord {
                    x: center.x + x,
                    y: center.y + y,
                },
            ));
        }
        ring += 1;
    }
    slots.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.total_cmp(&b.1)));
    slots.into_iter().map(|s| s.2).collect()
}

fn round_to(v: f64, step: f64) -> f64 {
    (v / step).round() * step
}

#[cfg(test)]
mod tests {
    use super::*;
    use geo_types::{coord, polygon};

    fn square(size: f64) -> MultiPolygon<f64> {
        MultiPolygon(vec![
            polygon![(x: 0.0, y: 0.0), (x: size, y: 0.0), (x: size, y: size), (x: 0.0, y: size)],
        ])
    }

    fn no_overlaps(centers: &[Coord<f64>], radii: &[f64]) -> bool {
        for i in 0..centers.len() {
            for j in i + 1..centers.len() {
                let a = Disc {
                    center: centers[i],
                    radius: radii[i],
                };
                let b = Disc {
                    center: centers[j],
                    radius: radii[j],
                };
                if a.overlaps(&b, 1e-9) {
                    return false;
                }
            }
        }
        true
    }

    #[test]
    fn many_markers_do_not_overlap_and_stay_inside() {
        let area = square(30.0);
        let radii = vec![1.0; 19];
        let s = spread_markers(coord! { x: 15.0, y: 15.0 }, &radii, 0.2, &area, &[]);
        assert_eq!(s.containment, Containment::Inside);
        assert!(no_overlaps(&s.centers, &radii));
        for c in &s.centers {
            assert!(
                c.x >= 1.0 && c.x <= 29.0 && c.y >= 1.0 && c.y <= 29.0,
                "{c:?}"
            );
        }
        // compact: 19 markers fill exactly two hexagonal rings
        let far = s
            .centers
            .iter()
            .map(|c| (c.x - 15.0).hypot(c.y - 15.0))
            .fold(0.0, f64::max);
        assert!(far <= 2.0 * 2.2 + 1e-9, "{far}");
    }

    #[test]
    fn anchor_near_the_edge_shifts_markers_inwards() {
        let area = square(10.0);
        let radii = [1.0, 1.0, 1.0];
        let s = spread_markers(coord! { x: 1.5, y: 5.0 }, &radii, 0.2, &area, &[]);
        assert_eq!(s.containment, Containment::Inside);
        for c in &s.centers {
            assert!(c.x >= 1.0, "{c:?} pokes out of the left edge");
        }
    }

    #[test]
    fn tiny_area_relaxes_and_reports_it() {
        let area = square(2.0);
        let radii = [1.0, 1.0, 1.0, 1.0];
        let s = spread_markers(coord! { x: 1.0, y: 1.0 }, &radii, 0.2, &area, &[]);
        assert_eq!(s.containment, Containment::Spilled);
        assert!(no_overlaps(&s.centers, &radii));
    }

    #[test]
    fn occupied_discs_are_avoided() {
        let area = square(20.0);
        let blocker = Disc {
            center: coord! { x: 10.0, y: 10.0 },
            radius: 1.5,
        };
        let s = spread_markers(
            coord! { x: 10.0, y: 10.0 },
            &[1.0, 1.0],
            0.2,
            &area,
            &[blocker],
        );
        for c in &s.centers {
            assert!(
                !Disc {
                    center: *c,
                    radius: 1.0
                }
                .overlaps(&blocker, 1e-9)
            );
        }
    }

    #[test]
    fn a_large_first_marker_keeps_the_others_close() {
        let area = square(40.0);
        let mut radii = vec![2.0];
        radii.extend([0.8; 8]);
        let s = spread_markers(coord! { x: 20.0, y: 20.0 }, &radii, 0.2, &area, &[]);
        assert!(no_overlaps(&s.centers, &radii));
        // the first ring hugs the big marker instead of leaving a gap of one pitch
        let far = s.centers[1..]
            .iter()
            .map(|c| (c.x - 20.0).hypot(c.y - 20.0))
            .fold(0.0, f64::max);
        assert!(far <= 2.0 + 0.2 + 0.8 + 1e-9, "{far}");
    }

    #[test]
    fn a_group_out_of_reach_of_its_anchor_moves_to_the_interior() {
        // the anchor lies far outside the (only) polygon part
        let area = MultiPolygon(vec![
            polygon![(x: 20.0, y: 20.0), (x: 26.0, y: 20.0), (x: 26.0, y: 26.0), (x: 20.0, y: 26.0)],
        ]);
        let radii = [1.0, 1.0, 1.0];
        let s = spread_markers(coord! { x: 0.0, y: 0.0 }, &radii, 0.2, &area, &[]);
        assert_eq!(s.containment, Containment::Inside);
        assert!(
            s.centers
                .iter()
                .all(|c| c.x > 21.0 && c.x < 25.0 && c.y > 21.0 && c.y < 25.0),
            "{s:?}"
        );
    }

    #[test]
    fn enclosing_circle_covers_all_discs() {
        let area = square(30.0);
        let radii = [1.5, 1.0, 1.0, 1.0, 1.0];
        let s = spread_markers(coord! { x: 15.0, y: 15.0 }, &radii, 0.2, &area, &[]);
        let e = s.enclosing(&radii);
        for (c, r) in s.centers.iter().zip(radii) {
            assert!((c.x - e.center.x).hypot(c.y - e.center.y) + r <= e.radius + 1e-9);
        }
    }

    #[test]
    fn slot_order_is_deterministic_and_starts_at_the_centre() {
        let a = ring_slots(coord! { x: 0.0, y: 0.0 }, 1.0, 1.0, 0.2, 7);
        let b = ring_slots(coord! { x: 0.0, y: 0.0 }, 1.0, 1.0, 0.2, 7);
        assert_eq!(a, b);
        assert_eq!(a[0], coord! { x: 0.0, y: 0.0 });
        // the second slot is the first neighbour, at 12 o'clock
        assert!(a[1].y < 0.0 && a[1].x.abs() < 1e-9, "{:?}", a[1]);
        // equal radii: six neighbours at one pitch, then twelve at two
        let d = |c: &Coord<f64>| (c.x * c.x + c.y * c.y).sqrt();
        assert!(a[1..7].iter().all(|c| (d(c) - 2.2).abs() < 1e-9));
        assert!(a[7..19].iter().all(|c| (d(c) - 4.4).abs() < 1e-9));
    }
}
