//! Label placement: where each municipality name goes so that no label covers
//! another label, a marker, a link end or the map furniture, and every label
//! stays next to the thing it names.
//!
//! Each label gets candidate boxes around its anchor disc: the eight classic
//! positions (right and slightly above is best, as in Imhof's rules), each
//! also slid along the anchor and pushed out in small steps. Candidates that
//! hit a fixed obstacle or leave the frame are dropped. Labels are then
//! placed greedily, most important and most constrained first, each on its
//! cheapest free candidate; a label that finds none may move one or two
//! already placed labels to other free candidates. What still does not fit
//! is reported, never dropped silently. A final pass moves labels to cheaper
//! spots that have become free.

use crate::locate::segment_meets_rect;
use crate::render::layout::co_location::Disc;
use crate::render::scene::Bounds;
use geo_types::Coord;

/// One label to place.
#[derive(Debug, Clone, PartialEq)]
pub struct LabelRequest {
    /// Stable id of the label (derived from the data, e.g. the AGS).
    pub id: String,
    /// The text shown.
    pub text: String,
    /// What the label names: the label keeps clear of this disc and stays near it.
    pub anchor: Disc,
    /// Box width (mm) including the halo.
    pub width: f64,
    /// Box height (mm) including the halo.
    pub height: f64,
    /// Higher is placed first.
    pub priority: f64,
}

/// A label's chosen box.
#[derive(Debug, Clone, PartialEq)]
pub struct PlacedLabel {
    /// Index into the requests.
    pub request: usize,
    /// The label box (mm).
    pub rect: Bounds,
    /// Which side of the anchor it sits on.
    pub position: LabelPosition,
    /// Distance (mm) between the box and the anchor disc's rim.
    pub clearance: f64,
    /// A leader line (from the anchor's rim to the box) for a label that had
    /// to go farther out than `max_push`.
    pub leader: Option<[Coord<f64>; 2]>,
}

/// The eight classic positions of a point label.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum LabelPosition {
    /// Right, slightly above: the best position.
    NorthEast,
    /// Right.
    East,
    /// Right, below.
    SouthEast,
    /// Left, above.
    NorthWest,
    /// Left.
    West,
    /// Left, below.
    SouthWest,
    /// Above.
    North,
    /// Below.
    South,
}

impl LabelPosition {
    /// All positions, best first.
    pub const ALL: [LabelPosition; 8] = [
        LabelPosition::NorthEast,
        LabelPosition::East,
        LabelPosition::SouthEast,
        LabelPosition::NorthWest,
        LabelPosition::West,
        LabelPosition::SouthWest,
        LabelPosition::North,
        LabelPosition::South,
    ];

    /// The cartographic preference cost of the position (0 is best).
    pub fn cost(self) -> f64 {
        match self {
            LabelPosition::NorthEast => 0.0,
            LabelPosition::East => 0.15,
            LabelPosition::SouthEast => 0.45,
            LabelPosition::NorthWest => 0.55,
            LabelPosition::West => 0.65,
            LabelPosition::SouthWest => 0.85,
            LabelPosition::North => 0.95,
            LabelPosition::South => 1.05,
        }
    }

    /// Unit direction from the anchor (x right, y down).
    fn direction(self) -> (f64, f64) {
        let d = std::f64::consts::FRAC_1_SQRT_2;
        match self {
            LabelPosition::NorthEast => (d, -d),
            LabelPosition::East => (1.0, 0.0),
            LabelPosition::SouthEast => (d, d),
            LabelPosition::NorthWest => (-d, -d),
            LabelPosition::West => (-1.0, 0.0),
            LabelPosition::SouthWest => (-d, d),
            LabelPosition::North => (0.0, -1.0),
            LabelPosition::South => (0.0, 1.0),
        }
    }
}

/// Tuning of the placer.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PlacementRules {
    /// Gap (mm) between the anchor disc and the label box.
    pub gap: f64,
    /// How far (mm) a label may be pushed out beyond `gap` before it counts
    /// as too far from its anchor.
    pub max_push: f64,
    /// Step (mm) of the push-out.
    pub push_step: f64,
    /// Minimum free space (mm) kept between a label and any obstacle or other label.
    pub padding: f64,
    /// Cost per mm of push-out.
    pub push_cost: f64,
    /// Cost per link that runs through the label box: more than any
    /// position and push-out without a leader cost, so a label takes a spot
    /// no link crosses wherever one exists.
    pub crossing_cost: f64,
    /// Cost of a spot nearer to another label's anchor than to its own, where
    /// a reader would attach the name to the wrong symbol.
    pub ambiguity_cost: f64,
    /// Beyond `max_push`, labels may go up to this far (mm) with a leader
    /// line to their anchor; 0 disables leaders.
    pub leader_max: f64,
    /// Extra cost of a label with a leader line.
    pub leader_cost: f64,
    /// How far (mm) a label on a leader may be from its anchor's centre at
    /// most, whatever the anchor's radius.
    pub leader_reach: f64,
    /// Whether a label's leader must keep out of every other label's box
    /// (a leader drawn across a name strikes it out).
    pub leaders_clear_labels: bool,
}

impl Default for PlacementRules {
    fn default() -> PlacementRules {
        PlacementRules {
            gap: 0.35,
            max_push: 3.5,
            push_step: 0.5,
            padding: 0.15,
            push_cost: 0.5,
            crossing_cost: 3.0,
            ambiguity_cost: 6.0,
            leader_max: 8.0,
            leader_cost: 3.0,
            leader_reach: f64::INFINITY,
            leaders_clear_labels: true,
        }
    }
}

/// The outcome of [`place_labels`].
#[derive(Debug, Clone, PartialEq, Default)]
pub struct LabelPlacement {
    /// Labels that found a place, in request order.
    pub placed: Vec<PlacedLabel>,
    /// Requests (indices) that could not be placed without overlap.
    pub unplaced: Vec<usize>,
}

/// What labels must avoid within one map frame.
#[derive(Debug, Clone, Default)]
pub struct Obstacles {
    /// Boxes no label may touch: markers, link ends, legend, scale bar, badges.
    pub hard: Vec<Bounds>,
    /// Symbols drawn as circles: labels keep clear of their bounding boxes
    /// (as of `hard`), leader lines only of the circles themselves, so a
    /// leader may pass between two round symbols.
    pub circles: Vec<Disc>,
    /// Links (and other lines) as drawn: crossing one is allowed but costs
    /// [`PlacementRules::crossing_cost`].
    pub links: Vec<LinkLine>,
}

/// A line labels should not sit on: a polyline and half its stroke width.
#[derive(Debug, Clone, PartialEq)]
pub struct LinkLine {
    /// The line's points (mm).
    pub points: Vec<Coord<f64>>,
    /// Half the stroke width (mm).
    pub half_width: f64,
}

impl LinkLine {
    /// Whether the line as drawn runs through `rect`.
    fn crosses(&self, rect: &Bounds) -> bool {
        polyline_meets_box(&self.points, &rect.expanded(self.half_width))
    }
}

/// Whether a segment from `a` to `b` has a point inside or on `rect`
/// (Liang–Barsky clipping).
///
/// ```
/// use geo_types::coord;
/// use ruhrmap::render::{Bounds, segment_meets_box};
/// let r = Bounds { x0: 0.0, y0: 0.0, x1: 4.0, y1: 2.0 };
/// assert!(segment_meets_box(coord! { x: -1.0, y: 3.0 }, coord! { x: 3.0, y: -1.0 }, &r));
/// assert!(!segment_meets_box(coord! { x: -1.0, y: 1.0 }, coord! { x: 1.0, y: 3.5 }, &r));
/// ```
pub fn segment_meets_box(a: Coord<f64>, b: Coord<f64>, rect: &Bounds) -> bool {
    segment_meets_rect(&[a.x, a.y, b.x, b.y], &[rect.x0, rect.y0, rect.x1, rect.y1])
}

/// Whether any piece of the polyline `points` meets `rect`.
pub fn polyline_meets_box(points: &[Coord<f64>], rect: &Bounds) -> bool {
    if let [only] = points {
        return segment_meets_box(*only, *only, rect);
    }
    points
        .windows(2)
        .any(|w| segment_meets_box(w[0], w[1], rect))
}

#[derive(Debug, Clone)]
struct Candidate {
    rect: Bounds,
    position: LabelPosition,
    clearance: f64,
    cost: f64,
    leader: Option<[Coord<f64>; 2]>,
}

/// Places `requests` inside `frame` (mm), avoiding `obstacles`.
///
/// ```
/// use geo_types::coord;
/// use ruhrmap::render::{Bounds, Disc, LabelRequest, Obstacles, place_labels, PlacementRules};
/// let frame = Bounds { x0: 0.0, y0: 0.0, x1: 100.0, y1: 60.0 };
/// let essen = LabelRequest {
///     id: "05113000".into(), text: "Essen".into(), priority: 1.0,
///     anchor: Disc { center: coord! { x: 40.0, y: 30.0 }, radius: 1.0 },
///     width: 7.0, height: 2.4,
/// };
/// let placement = place_labels(&[essen], frame, &Obstacles::default(), &PlacementRules::default());
/// assert!(placement.unplaced.is_empty());
/// let r = placement.placed[0].rect;
/// assert!(r.x0 > 40.5 && r.y1 < 30.0); // right of and above the marker
/// ```
pub fn place_labels(
    requests: &[LabelRequest],
    frame: Bounds,
    obstacles: &Obstacles,
    rules: &PlacementRules,
) -> LabelPlacement {
    let candidates: Vec<Vec<Candidate>> = requests
        .iter()
        .enumerate()
        .map(|(i, r)| {
            let others: Vec<Disc> = requests
                .iter()
                .enumerate()
                .filter(|&(j, _)| j != i)
                .map(|(_, o)| o.anchor)
                .collect();
            candidates_for(r, frame, obstacles, rules, &others)
        })
        .collect();

    let mut order: Vec<usize> = (0..requests.len()).collect();
    order.sort_by(|&a, &b| {
        requests[b]
            .priority
            .total_cmp(&requests[a].priority)
            .then(candidates[a].len().cmp(&candidates[b].len()))
            .then(requests[a].id.cmp(&requests[b].id))
            .then(a.cmp(&b))
    });

    // chosen[i] = index into candidates[i]
    let mut chosen: Vec<Option<usize>> = vec![None; requests.len()];
    let mut unplaced = Vec::new();
    for &i in &order {
        let free = first_free(i, &candidates, &chosen, None, rules);
        // a free spot that costs as much as a crossing (crossed, far out, on
        // a leader) is worth moving a placed label for
        let ceiling = free.map_or(f64::INFINITY, |c| candidates[i][c].cost);
        if ceiling >= rules.crossing_cost && repair(i, &candidates, &mut chosen, rules, ceiling) {
            continue;
        }
        match free {
            Some(c) => chosen[i] = Some(c),
            None => unplaced.push(i),
        }
    }

    // improvement: move labels to cheaper candidates that are free now
    for _ in 0..3 {
        let mut moved = false;
        for &i in &order {
            let Some(current) = chosen[i] else { continue };
            chosen[i] = None;
            let best = first_free(i, &candidates, &chosen, None, rules)
                .filter(|&c| candidates[i][c].cost < candidates[i][current].cost - 1e-9);
            chosen[i] = Some(best.unwrap_or(current));
            moved |= best.is_some();
        }
        if !moved {
            break;
        }
    }

    unplaced.sort_unstable();
    let placed = (0..requests.len())
        .filter_map(|i| {
            chosen[i].map(|c| {
                let cand = &candidates[i][c];
                PlacedLabel {
                    request: i,
                    rect: cand.rect,
                    position: cand.position,
                    clearance: cand.clearance,
                    leader: cand.leader,
                }
            })
        })
        .collect();
    LabelPlacement { placed, unplaced }
}

/// Whether two boxes overlap once each is grown by `padding`/2 (touching at
/// exactly `padding` distance is allowed).
pub fn boxes_overlap(a: &Bounds, b: &Bounds, padding: f64) -> bool {
    a.expanded(padding).overlaps(b)
}

/// The cheapest candidate of label `i` that overlaps no chosen label (ignoring
/// label `skip`).
fn first_free(
    i: usize,
    candidates: &[Vec<Candidate>],
    chosen: &[Option<usize>],
    skip: Option<usize>,
    rules: &PlacementRules,
) -> Option<usize> {
    candidates[i].iter().position(|c| {
        conflicts(c, i, candidates, chosen, skip, rules)
            .next()
            .is_none()
    })
}

/// Labels whose chosen box overlaps `cand`'s box, or (with
/// [`PlacementRules::leaders_clear_labels`]) whose leader runs through it,
/// or through whose box `cand`'s leader runs (other than `me` and `skip`).
fn conflicts<'a>(
    cand: &'a Candidate,
    me: usize,
    candidates: &'a [Vec<Candidate>],
    chosen: &'a [Option<usize>],
    skip: Option<usize>,
    rules: &'a PlacementRules,
) -> impl Iterator<Item = usize> + 'a {
    chosen.iter().enumerate().filter_map(move |(j, c)| {
        let c = (*c)?;
        if j == me || Some(j) == skip {
            return None;
        }
        let other = &candidates[j][c];
        let crossed = |leader: &Option<[Coord<f64>; 2]>, rect: &Bounds| {
            rules.leaders_clear_labels && leader.is_some_and(|[a, b]| segment_meets_box(a, b, rect))
        };
        (boxes_overlap(&cand.rect, &other.rect, rules.padding)
            || crossed(&cand.leader, &other.rect)
            || crossed(&other.leader, &cand.rect))
        .then_some(j)
    })
}

/// A repair: its total cost, the candidate taken, and the blockers moved
/// (label, new candidate).
type Repair = (f64, usize, Vec<(usize, usize)>);

/// Tries to free a candidate of label `i` by moving one or two placed labels
/// to other free candidates. Takes the cheapest such repair if its total
/// cost (the moved labels' extra included) stays below `ceiling`.
fn repair(
    i: usize,
    candidates: &[Vec<Candidate>],
    chosen: &mut [Option<usize>],
    rules: &PlacementRules,
    ceiling: f64,
) -> bool {
    // (total cost, candidate of label i, moves of blockers: (label, new candidate))
    let mut best: Option<Repair> = None;
    for (ci, cand) in candidates[i].iter().enumerate() {
        let blockers: Vec<usize> = conflicts(cand, i, candidates, chosen, None, rules).collect();
        if blockers.is_empty() || blockers.len() > 2 {
            continue;
        }
        // tentatively take the candidate, then re-seat the blockers one by one
        let saved: Vec<(usize, Option<usize>)> = blockers.iter().map(|&b| (b, chosen[b])).collect();
        chosen[i] = Some(ci);
        for &b in &blockers {
            chosen[b] = None;
        }
        let mut moves = Vec::new();
        let mut ok = true;
        for &b in &blockers {
            match first_free(b, candidates, chosen, None, rules) {
                Some(nb) => {
                    chosen[b] = Some(nb);
                    moves.push((b, nb));
                }
                None => {
                    ok = false;
                    break;
                }
            }
        }
        if ok {
            let extra: f64 = moves
                .iter()
                .zip(&saved)
                .map(|(&(b, nb), &(_, old))| {
                    candidates[b][nb].cost - old.map_or(0.0, |o| candidates[b][o].cost)
                })
                .sum();
            let total = cand.cost + extra;
            let bound = best.as_ref().map_or(ceiling, |(c, _, _)| *c);
            if total < bound - 1e-9 {
                best = Some((total, ci, moves));
            }
        }
        // undo
        chosen[i] = None;
        for (b, old) in saved {
            chosen[b] = old;
        }
    }
    match best {
        Some((_, ci, moves)) => {
            chosen[i] = Some(ci);
            for (b, nb) in moves {
                chosen[b] = Some(nb);
            }
            true
        }
        None => false,
    }
}

/// Distance (mm) from a box to a disc's rim (negative when the disc reaches into the box).
fn distance_to_disc(b: &Bounds, d: &Disc) -> f64 {
    let dx = (b.x0 - d.center.x).max(0.0).max(d.center.x - b.x1);
    let dy = (b.y0 - d.center.y).max(0.0).max(d.center.y - b.y1);
    dx.hypot(dy) - d.radius
}

/// Each link's box, grown by its stroke, to skip the links far away cheaply.
fn link_boxes(obstacles: &Obstacles) -> Vec<Bounds> {
    obstacles
        .links
        .iter()
        .map(|l| {
            Bounds::of_points(
                l.points
                    .iter()
                    .map(|p| crate::render::scene::Point::new(p.x, p.y)),
            )
            .map_or(
                Bounds {
                    x0: 0.0,
                    y0: 0.0,
                    x1: 0.0,
                    y1: 0.0,
                },
                |b| b.expanded(l.half_width + 1e-9),
            )
        })
        .collect()
}

/// The label box of size `(w, h)` whose anchor-side corner or edge midpoint
/// sits at `dist` from `c` along `direction`, slid along the anchor by
/// `slide` of its width or height where the direction leaves room.
fn box_at(
    c: Coord<f64>,
    direction: (f64, f64),
    dist: f64,
    slide: f64,
    (w, h): (f64, f64),
) -> Bounds {
    let (dx, dy) = direction;
    let (px, py) = (c.x + dx * dist, c.y + dy * dist);
    let x0 = match dx.partial_cmp(&0.0) {
        Some(std::cmp::Ordering::Greater) => px,
        Some(std::cmp::Ordering::Less) => px - w,
        _ => px - w / 2.0 + slide * w,
    };
    let y0 = match dy.partial_cmp(&0.0) {
        Some(std::cmp::Ordering::Greater) => py,
        Some(std::cmp::Ordering::Less) => py - h,
        _ => py - h / 2.0 + slide * h,
    };
    Bounds {
        x0,
        y0,
        x1: x0 + w,
        y1: y0 + h,
    }
}

/// The leader from the rim of the anchor (centre `c`, radius `r`) to the
/// nearest point of `rect`, or `None` when it would run through a marker or
/// another obstacle.
fn clear_leader(
    rect: &Bounds,
    c: Coord<f64>,
    r: f64,
    obstacles: &Obstacles,
) -> Option<[Coord<f64>; 2]> {
    let near = Coord {
        x: c.x.clamp(rect.x0, rect.x1),
        y: c.y.clamp(rect.y0, rect.y1),
    };
    let (lx, ly) = (near.x - c.x, near.y - c.y);
    let len = lx.hypot(ly).max(1e-9);
    let start = Coord {
        x: c.x + lx / len * (r + 0.2),
        y: c.y + ly / len * (r + 0.2),
    };
    let end = Coord {
        x: near.x - lx / len * 0.25,
        y: near.y - ly / len * 0.25,
    };
    let crosses = (1..20).any(|t| {
        let t = f64::from(t) / 20.0;
        let p = Coord {
            x: start.x + (end.x - start.x) * t,
            y: start.y + (end.y - start.y) * t,
        };
        obstacles
            .hard
            .iter()
            .any(|o| p.x > o.x0 && p.x < o.x1 && p.y > o.y0 && p.y < o.y1)
            || obstacles
                .circles
                .iter()
                .any(|d| (p.x - d.center.x).hypot(p.y - d.center.y) < d.radius)
    });
    (!crosses).then_some([start, end])
}

/// All admissible candidate boxes for one label, cheapest first.
fn candidates_for(
    request: &LabelRequest,
    frame: Bounds,
    obstacles: &Obstacles,
    rules: &PlacementRules,
    others: &[Disc],
) -> Vec<Candidate> {
    let (w, h) = (request.width, request.height);
    let c = request.anchor.center;
    let r = request.anchor.radius;
    let mut out = Vec::new();
    let circle_boxes: Vec<Bounds> = obstacles
        .circles
        .iter()
        .map(|d| Bounds {
            x0: d.center.x - d.radius,
            y0: d.center.y - d.radius,
            x1: d.center.x + d.radius,
            y1: d.center.y + d.radius,
        })
        .collect();
    let steps = (rules.max_push / rules.push_step).floor() as usize;
    let leader_steps = (rules.leader_max.max(rules.max_push) / rules.push_step).floor() as usize;
    let link_boxes = link_boxes(obstacles);
    for position in LabelPosition::ALL {
        let (dx, dy) = position.direction();
        // slides along the anchor: vertical for side positions, horizontal for top/bottom
        let slides: &[f64] = match position {
            LabelPosition::East | LabelPosition::West => &[0.0, -0.3, 0.3],
            LabelPosition::North | LabelPosition::South => &[0.0, -0.3, 0.3, -0.45, 0.45],
            _ => &[0.0],
        };
        for k in 0..=leader_steps {
            let push = k as f64 * rules.push_step;
            let with_leader = k > steps;
            let dist = r + rules.gap + push;
            if with_leader && dist > rules.leader_reach {
                break;
            }
            for (s, &slide) in slides.iter().enumerate() {
                let rect = box_at(c, (dx, dy), dist, slide, (w, h));
                if !frame.contains(&rect) {
                    continue;
                }
                if obstacles
                    .hard
                    .iter()
                    .chain(&circle_boxes)
                    .any(|o| boxes_overlap(&rect, o, rules.padding))
                {
                    continue;
                }
                // a leader runs from the anchor's rim to the nearest point of the box
                let leader = if with_leader {
                    match clear_leader(&rect, c, r, obstacles) {
                        Some(leader) => Some(leader),
                        None => continue,
                    }
                } else {
                    None
                };
                let probe = rect.expanded(rules.padding);
                let crossed = obstacles
                    .links
                    .iter()
                    .zip(&link_boxes)
                    .filter(|(l, b)| b.overlaps(&probe) && l.crosses(&probe))
                    .count();
                // nearer to another anchor than to its own: the name would be misread
                let own = distance_to_disc(&rect, &request.anchor);
                let ambiguous = others.iter().any(|o| distance_to_disc(&rect, o) < own);
                let cost = position.cost()
                    + push * rules.push_cost
                    + s as f64 * 0.05
                    + crossed as f64 * rules.crossing_cost
                    + if ambiguous && !with_leader {
                        rules.ambiguity_cost
                    } else {
                        0.0
                    }
                    + if with_leader { rules.leader_cost } else { 0.0 };
                out.push(Candidate {
                    rect,
                    position,
                    clearance: rules.gap + push,
                    cost,
                    leader,
                });
            }
        }
    }
    out.sort_by(|a, b| a.cost.total_cmp(&b.cost));
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use geo_types::coord;

    fn frame() -> Bounds {
        Bounds {
            x0: 0.0,
            y0: 0.0,
            x1: 100.0,
            y1: 60.0,
        }
    }

    fn request(id: &str, x: f64, y: f64, width: f64) -> LabelRequest {
        LabelRequest {
            id: id.into(),
            text: id.into(),
            anchor: Disc {
                center: coord! { x: x, y: y },
                radius: 1.0,
            },
            width,
            height: 2.4,
            priority: 0.0,
        }
    }

    fn assert_no_overlaps(p: &LabelPlacement, obstacles: &Obstacles) {
        for (k, a) in p.placed.iter().enumerate() {
            for b in &p.placed[k + 1..] {
                assert!(
                    !boxes_overlap(&a.rect, &b.rect, 0.0),
                    "{a:?} overlaps {b:?}"
                );
            }
            for o in &obstacles.hard {
                assert!(
                    !boxes_overlap(&a.rect, o, 0.0),
                    "{a:?} overlaps obstacle {o:?}"
                );
            }
        }
    }

    #[test]
    fn labels_avoid_each_other_and_obstacles() {
        // a dense row of anchors 6 mm apart with 9 mm labels: needs alternation
        let requests: Vec<LabelRequest> = (0..8)
            .map(|k| request(&format!("L{k}"), 10.0 + 6.0 * k as f64, 30.0, 9.0))
            .collect();
        let markers: Vec<Bounds> = requests
            .iter()
            .map(|r| Bounds {
                x0: r.anchor.center.x - 1.0,
                y0: r.anchor.center.y - 1.0,
                x1: r.anchor.center.x + 1.0,
                y1: r.anchor.center.y + 1.0,
            })
            .collect();
        let obstacles = Obstacles {
            hard: markers,
            links: vec![],
            circles: vec![],
        };
        let p = place_labels(&requests, frame(), &obstacles, &PlacementRules::default());
        assert!(p.unplaced.is_empty(), "{:?}", p.unplaced);
        assert_no_overlaps(&p, &obstacles);
        // each label stays close to its anchor
        for pl in &p.placed {
            let a = requests[pl.request].anchor.center;
            let cx = a.x.clamp(pl.rect.x0, pl.rect.x1);
            let cy = a.y.clamp(pl.rect.y0, pl.rect.y1);
            let rules = PlacementRules::default();
            let reach = if pl.leader.is_some() {
                rules.leader_max
            } else {
                rules.max_push
            };
            assert!((cx - a.x).hypot(cy - a.y) <= 1.0 + rules.gap + reach + 1e-9);
        }
    }

    #[test]
    fn an_impossible_label_is_reported() {
        // the anchor is boxed in by an obstacle covering everything around it
        let requests = vec![request("boxed", 50.0, 30.0, 10.0)];
        let wall = Bounds {
            x0: 30.0,
            y0: 10.0,
            x1: 70.0,
            y1: 50.0,
        };
        let p = place_labels(
            &requests,
            frame(),
            &Obstacles {
                hard: vec![wall],
                links: vec![],
                circles: vec![],
            },
            &PlacementRules::default(),
        );
        assert_eq!(p.unplaced, vec![0]);
        assert!(p.placed.is_empty());
    }

    #[test]
    fn labels_stay_inside_the_frame() {
        // anchor at the right edge: the label must go left
        let requests = vec![request("edge", 98.0, 30.0, 10.0)];
        let p = place_labels(
            &requests,
            frame(),
            &Obstacles::default(),
            &PlacementRules::default(),
        );
        assert_eq!(p.placed.len(), 1);
        assert!(p.placed[0].rect.x1 <= 100.0);
        assert!(matches!(
            p.placed[0].position,
            LabelPosition::NorthWest | LabelPosition::West | LabelPosition::SouthWest
        ));
    }

    #[test]
    fn repair_moves_a_placed_label_to_make_room() {
        // every free spot of B lies where A's best label (north-east) goes, so A,
        // placed first for its priority, has to move aside
        let a = LabelRequest {
            priority: 2.0,
            ..request("A", 40.0, 30.0, 8.0)
        };
        let b = request("B", 52.0, 30.0, 8.0);
        let blockers = vec![
            Bounds {
                x0: 53.3,
                y0: 0.0,
                x1: 100.0,
                y1: 60.0,
            }, // right of B
            Bounds {
                x0: 42.0,
                y0: 31.1,
                x1: 60.0,
                y1: 60.0,
            }, // below B
            Bounds {
                x0: 42.0,
                y0: 0.0,
                x1: 60.0,
                y1: 25.0,
            }, // above B
        ];
        let obstacles = Obstacles {
            hard: blockers,
            links: vec![],
            circles: vec![],
        };
        let alone = place_labels(
            std::slice::from_ref(&a),
            frame(),
            &obstacles,
            &PlacementRules::default(),
        );
        assert_eq!(alone.placed[0].position, LabelPosition::NorthEast);
        let p = place_labels(&[a, b], frame(), &obstacles, &PlacementRules::default());
        assert!(p.unplaced.is_empty(), "{p:?}");
        assert_no_overlaps(&p, &obstacles);
        assert_ne!(p.placed[0].position, LabelPosition::NorthEast, "{p:?}");
    }

    #[test]
    fn covering_links_is_avoided_when_possible() {
        let r = request("L", 50.0, 30.0, 8.0);
        // a link running north-east from the anchor through the best position
        let link = LinkLine {
            points: vec![coord! { x: 50.0, y: 30.0 }, coord! { x: 62.0, y: 18.0 }],
            half_width: 0.15,
        };
        let p = place_labels(
            &[r],
            frame(),
            &Obstacles {
                hard: vec![],
                links: vec![link],
                circles: vec![],
            },
            &PlacementRules::default(),
        );
        assert_ne!(p.placed[0].position, LabelPosition::NorthEast);
    }

    #[test]
    fn a_label_takes_a_spot_no_link_crosses() {
        // links fan out from a hub left of the anchor through the right-hand
        // positions and above it: the label goes where none runs
        let r = request("L", 50.0, 30.0, 8.0);
        let hub = coord! { x: 30.0, y: 30.0 };
        let links: Vec<LinkLine> = [(70.0, 20.0), (70.0, 29.0), (70.0, 33.0), (52.0, 10.0)]
            .iter()
            .map(|&(x, y)| LinkLine {
                points: RoutedLinkProbe::line(hub, coord! { x: x, y: y }),
                half_width: 0.2,
            })
            .collect();
        let obstacles = Obstacles {
            hard: vec![],
            links: links.clone(),
            circles: vec![],
        };
        let p = place_labels(&[r], frame(), &obstacles, &PlacementRules::default());
        let rect = p.placed[0].rect;
        assert!(
            links.iter().all(|l| !l.crosses(&rect)),
            "{:?} is crossed",
            p.placed[0]
        );
        // with nowhere free, the label is still placed, on the least crossed spot
        let everywhere: Vec<LinkLine> = (0..60)
            .map(|k| LinkLine {
                points: vec![
                    coord! { x: 0.0, y: k as f64 },
                    coord! { x: 100.0, y: k as f64 },
                ],
                half_width: 0.1,
            })
            .collect();
        let p = place_labels(
            &[request("L", 50.0, 30.0, 8.0)],
            frame(),
            &Obstacles {
                hard: vec![],
                links: everywhere,
                circles: vec![],
            },
            &PlacementRules::default(),
        );
        assert!(p.unplaced.is_empty());
    }

    /// Straight test links.
    struct RoutedLinkProbe;
    impl RoutedLinkProbe {
        fn line(a: Coord<f64>, b: Coord<f64>) -> Vec<Coord<f64>> {
            crate::render::layout::link_routing::RoutedLink::straight(a, b).polyline()
        }
    }

    #[test]
    fn segments_meet_boxes_they_touch_or_cross() {
        let r = Bounds {
            x0: 0.0,
            y0: 0.0,
            x1: 4.0,
            y1: 2.0,
        };
        let seg = |a: (f64, f64), b: (f64, f64)| {
            segment_meets_box(coord! { x: a.0, y: a.1 }, coord! { x: b.0, y: b.1 }, &r)
        };
        assert!(seg((-1.0, 1.0), (5.0, 1.0)), "through");
        assert!(seg((1.0, 1.0), (2.0, 1.5)), "inside");
        assert!(seg((2.0, -3.0), (2.0, 3.0)), "vertical through");
        assert!(!seg((5.0, -3.0), (5.0, 3.0)), "vertical beside");
        assert!(!seg((-2.0, 0.5), (0.5, -2.0)), "past the corner");
        assert!(!seg((6.0, 1.0), (9.0, 1.0)), "in line, beyond");
        assert!(polyline_meets_box(&[coord! { x: 1.0, y: 1.0 }], &r));
        assert!(!polyline_meets_box(&[], &r));
    }

    #[test]
    fn labels_keep_nearer_to_their_own_point_than_to_others() {
        // B sits right above-right of A, where A's best label would go
        let a = request("A", 40.0, 30.0, 8.0);
        let b = request("B", 46.0, 26.0, 8.0);
        let p = place_labels(
            &[a.clone(), b.clone()],
            frame(),
            &Obstacles::default(),
            &PlacementRules::default(),
        );
        for pl in &p.placed {
            let (own, other) = if pl.request == 0 {
                (&a.anchor, &b.anchor)
            } else {
                (&b.anchor, &a.anchor)
            };
            assert!(
                distance_to_disc(&pl.rect, own) <= distance_to_disc(&pl.rect, other),
                "{pl:?}"
            );
        }
    }

    #[test]
    fn a_crowded_label_gets_a_leader_line() {
        // everything within the normal reach of A is blocked, but there is room farther right
        let a = request("A", 40.0, 30.0, 8.0);
        let wall = Bounds {
            x0: 34.0,
            y0: 20.0,
            x1: 45.5,
            y1: 40.0,
        };
        let marker = Bounds {
            x0: 39.0,
            y0: 29.0,
            x1: 41.0,
            y1: 31.0,
        };
        // a corridor to the east through the wall keeps the leader free
        let walls = vec![
            Bounds {
                x0: wall.x0,
                y0: wall.y0,
                x1: wall.x1,
                y1: 29.2,
            },
            Bounds {
                x0: wall.x0,
                y0: 30.8,
                x1: wall.x1,
                y1: wall.y1,
            },
            Bounds {
                x0: wall.x0,
                y0: 29.2,
                x1: 38.8,
                y1: 30.8,
            },
            marker,
        ];
        let p = place_labels(
            &[a],
            frame(),
            &Obstacles {
                hard: walls,
                links: vec![],
                circles: vec![],
            },
            &PlacementRules::default(),
        );
        assert!(p.unplaced.is_empty(), "{p:?}");
        let leader = p.placed[0].leader.expect("a leader line");
        assert!(leader[0].x > 41.0 && leader[1].x >= 45.5, "{leader:?}");
        let no_leaders = PlacementRules {
            leader_max: 0.0,
            ..PlacementRules::default()
        };
        let walls2 = vec![
            Bounds {
                x0: wall.x0,
                y0: wall.y0,
                x1: wall.x1,
                y1: 29.2,
            },
            Bounds {
                x0: wall.x0,
                y0: 30.8,
                x1: wall.x1,
                y1: wall.y1,
            },
            Bounds {
                x0: wall.x0,
                y0: 29.2,
                x1: 38.8,
                y1: 30.8,
            },
            marker,
        ];
        let q = place_labels(
            &[request("A", 40.0, 30.0, 8.0)],
            frame(),
            &Obstacles {
                hard: walls2,
                links: vec![],
                circles: vec![],
            },
            &no_leaders,
        );
        assert_eq!(q.unplaced, vec![0]);
    }

    #[test]
    fn placement_is_deterministic() {
        let requests: Vec<LabelRequest> = (0..12)
            .map(|k| {
                request(
                    &format!("L{k}"),
                    10.0 + 7.0 * (k % 6) as f64,
                    20.0 + 6.0 * (k / 6) as f64,
                    9.0,
                )
            })
            .collect();
        let a = place_labels(
            &requests,
            frame(),
            &Obstacles::default(),
            &PlacementRules::default(),
        );
        let b = place_labels(
            &requests,
            frame(),
            &Obstacles::default(),
            &PlacementRules::default(),
        );
        assert_eq!(a, b);
    }

    #[test]
    fn a_leader_never_runs_through_another_label() {
        let cand = |x0: f64, leader: Option<[Coord<f64>; 2]>| Candidate {
            rect: Bounds {
                x0,
                y0: 0.0,
                x1: x0 + 4.0,
                y1: 2.0,
            },
            position: LabelPosition::East,
            clearance: 0.0,
            cost: 0.0,
            leader,
        };
        // B's box lies across A's leader, clear of A's box
        let a = cand(
            20.0,
            Some([coord! { x: 0.0, y: 1.0 }, coord! { x: 19.75, y: 1.0 }]),
        );
        let b = cand(8.0, None);
        let candidates = vec![vec![a.clone()], vec![b.clone()]];
        let rules = PlacementRules::default();
        let hits = |c: &Candidate, me: usize, chosen: &[Option<usize>]| {
            conflicts(c, me, &candidates, chosen, None, &rules).collect::<Vec<_>>()
        };
        assert_eq!(
            hits(&a, 0, &[None, Some(0)]),
            vec![1],
            "A's leader through B"
        );
        assert_eq!(hits(&b, 1, &[Some(0), None]), vec![0], "B on A's leader");
        // the same boxes without the leader are no conflict
        let plain = vec![vec![cand(20.0, None)], vec![b.clone()]];
        assert_eq!(
            conflicts(&b, 1, &plain, &[Some(0), None], None, &rules).count(),
            0
        );
        // nor are they where the rules let leaders cross labels
        let lax = PlacementRules {
            leaders_clear_labels: false,
            ..rules
        };
        assert_eq!(
            conflicts(&a, 0, &candidates, &[None, Some(0)], None, &lax).count(),
            0
        );
    }
}
