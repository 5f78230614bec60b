//! Proportional symbols that would overlap, moved apart as in a Dorling
//! cartogram: overlapping discs push each other apart along the line through
//! their centres (the smaller one moves more), round after round until none
//! overlaps; then each moved disc is pulled back towards its true place as
//! far as it can go without overlapping again. Discs that overlap nothing
//! are never moved. The order of the discs and the number of rounds are
//! fixed, so the same input always gives the same places.

use crate::render::layout::co_location::Disc;
use crate::render::scene::Bounds;
use geo_types::Coord;

/// Rounds of pushing apart at most; a crowd that still overlaps after them
/// is left as it is (the layout report counts what remains).
const PUSH_ROUNDS: usize = 400;
/// Passes of pulling moved discs back towards their true places.
const PULL_PASSES: usize = 3;
/// Steps along the way back a pull tries, nearest the true place first.
const PULL_STEPS: usize = 24;
/// Discs closer than this (mm) count as touching, not overlapping.
const TOUCH: f64 = 1e-6;

/// Places for `discs` (centres in mm on the page) so that no two overlap
/// and each keeps at least `gap` mm from any disc it was moved away from,
/// every disc inside `within` if it fits there. Returns one centre per disc,
/// in input order; discs that overlap nothing keep their centre exactly.
///
/// ```
/// use ruhrmap::render::{Bounds, Disc, separate_discs};
/// use geo_types::coord;
/// let discs = [
///     Disc { center: coord! { x: 10.0, y: 10.0 }, radius: 3.0 },
///     Disc { center: coord! { x: 12.0, y: 10.0 }, radius: 1.0 },
///     Disc { center: coord! { x: 30.0, y: 10.0 }, radius: 1.0 },
/// ];
/// let within = Bounds { x0: 0.0, y0: 0.0, x1: 50.0, y1: 20.0 };
/// let placed = separate_discs(&discs, within, 0.2);
/// // the small disc moved out of the big one, the big one moved less
/// let d = (placed[0].x - placed[1].x).hypot(placed[0].y - placed[1].y);
/// assert!(d >= 4.0 + 0.2 - 1e-9, "{d}");
/// assert!((placed[0].x - 10.0).abs() < (placed[1].x - 12.0).abs());
/// // the lone disc stayed
/// assert_eq!(placed[2], discs[2].center);
/// ```
pub fn separate_discs(discs: &[Disc], within: Bounds, gap: f64) -> Vec<Coord<f64>> {
    let mut centers: Vec<Coord<f64>> = discs.iter().map(|d| d.center).collect();
    let radii: Vec<f64> = discs.iter().map(|d| d.radius).collect();
    let mut moved = vec![false; discs.len()];
    for _ in 0..PUSH_ROUNDS {
        if !push_round(&mut centers, &radii, &mut moved, within, gap) {
            break;
        }
    }
    for _ in 0..PULL_PASSES {
        for k in 0..discs.len() {
            if moved[k] {
                centers[k] = pull_back(k, discs[k].center, &centers, &radii, within, gap);
            }
        }
    }
    centers
}

/// One round over all pairs in index order: every overlapping pair is
/// pushed to `gap` apart. Returns whether anything overlapped.
fn push_round(
    centers: &mut [Coord<f64>],
    radii: &[f64],
    moved: &mut [bool],
    within: Bounds,
    gap: f64,
) -> bool {
    let mut any = false;
    for i in 0..centers.len() {
        for j in i + 1..centers.len() {
            let (a, b) = (centers[i], centers[j]);
            let d = (b.x - a.x).hypot(b.y - a.y);
            if d + TOUCH >= radii[i] + radii[j] {
                continue;
            }
            any = true;
            let (ux, uy) = if d > TOUCH {
                ((b.x - a.x) / d, (b.y - a.y) / d)
            } else {
                // same centre: a fixed direction per pair (golden angle)
                let angle = (i + j) as f64 * 2.399_963_229_728_653;
                (angle.cos(), angle.sin())
            };
            let push = radii[i] + radii[j] + gap - d;
            let (ai, aj) = (radii[i] * radii[i], radii[j] * radii[j]);
            // the smaller disc moves more, in proportion to the other's area
            let share_i = aj / (ai + aj);
            let share_j = 1.0 - share_i;
            centers[i] = clamp(
                Coord {
                    x: a.x - ux * push * share_i,
                    y: a.y - uy * push * share_i,
                },
                radii[i],
                within,
            );
            centers[j] = clamp(
                Coord {
                    x: b.x + ux * push * share_j,
                    y: b.y + uy * push * share_j,
                },
                radii[j],
                within,
            );
            moved[i] = true;
            moved[j] = true;
        }
    }
    any
}

/// Keeps a disc of `radius` inside `within` where it fits.
fn clamp(c: Coord<f64>, radius: f64, within: Bounds) -> Coord<f64> {
    let axis = |v: f64, lo: f64, hi: f64| {
        if lo + radius <= hi - radius {
            v.clamp(lo + radius, hi - radius)
        } else {
            v
        }
    };
    Coord {
        x: axis(c.x, within.x0, within.x1),
        y: axis(c.y, within.y0, within.y1),
    }
}

/// The point nearest `origin` on the way from `origin` to disc `k`'s
/// current centre where the disc keeps `gap` from every other disc (its
/// current centre when no nearer one does), inside `within`.
fn pull_back(
    k: usize,
    origin: Coord<f64>,
    centers: &[Coord<f64>],
    radii: &[f64],
    within: Bounds,
    gap: f64,
) -> Coord<f64> {
    let now = centers[k];
    let free =
        |p: Coord<f64>| {
            centers.iter().zip(radii).enumerate().all(|(m, (c, r))| {
                m == k || (p.x - c.x).hypot(p.y - c.y) + TOUCH >= radii[k] + r + gap
            })
        };
    (0..PULL_STEPS)
        .map(|s| s as f64 / PULL_STEPS as f64)
        .map(|t| {
            let p = Coord {
                x: origin.x + (now.x - origin.x) * t,
                y: origin.y + (now.y - origin.y) * t,
            };
            clamp(p, radii[k], within)
        })
        .find(|&p| free(p))
        .unwrap_or(now)
}

/// Step (mm) between the rings, and along each ring, of [`free_spots`].
const SPOT_STEP: f64 = 0.5;

/// Where disc `k` could stand instead: points on rings around its true
/// place (`discs[k].center`), out to `reach` mm, nearest first, at which it
/// keeps `gap` from every other disc (centred at `placed`) and lies wholly
/// inside `within`. A crowd can close around a small disc so that nothing
/// beside it is free for its label; these are the spots on the crowd's rim
/// (or anywhere else nearby) to move it to instead.
///
/// ```
/// use ruhrmap::render::{Bounds, Disc, free_spots};
/// use geo_types::coord;
/// let discs = [
///     Disc { center: coord! { x: 10.0, y: 10.0 }, radius: 3.0 },
///     Disc { center: coord! { x: 10.0, y: 10.0 }, radius: 1.0 },
/// ];
/// let placed = [coord! { x: 10.0, y: 10.0 }, coord! { x: 10.0, y: 10.0 }];
/// let within = Bounds { x0: 0.0, y0: 0.0, x1: 50.0, y1: 20.0 };
/// let spots = free_spots(1, &discs, &placed, within, 0.2, 8.0);
/// // the small disc cannot stay on the big one: the nearest spot is just outside it
/// let d = (spots[0].x - 10.0).hypot(spots[0].y - 10.0);
/// assert!((4.2..4.7).contains(&d), "{d}");
/// ```
pub fn free_spots(
    k: usize,
    discs: &[Disc],
    placed: &[Coord<f64>],
    within: Bounds,
    gap: f64,
    reach: f64,
) -> Vec<Coord<f64>> {
    let origin = discs[k].center;
    let r = discs[k].radius;
    let inside = |p: Coord<f64>| {
        p.x - r >= within.x0 && p.x + r <= within.x1 && p.y - r >= within.y0 && p.y + r <= within.y1
    };
    let clear =
        |p: Coord<f64>| {
            placed.iter().zip(discs).enumerate().all(|(m, (c, d))| {
                m == k || (p.x - c.x).hypot(p.y - c.y) + TOUCH >= r + d.radius + gap
            })
        };
    let rings = (reach / SPOT_STEP).floor() as usize;
    (0..=rings)
        .flat_map(|ring| {
            let rho = ring as f64 * SPOT_STEP;
            // about one point every SPOT_STEP along the ring, starting north
            let n = ((std::f64::consts::TAU * rho / SPOT_STEP).ceil() as usize).max(1);
            (0..n).map(move |a| {
                let angle = a as f64 / n as f64 * std::f64::consts::TAU;
                Coord {
                    x: origin.x + rho * angle.sin(),
                    y: origin.y - rho * angle.cos(),
                }
            })
        })
        .filter(|&p| inside(p) && clear(p))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn disc(x: f64, y: f64, r: f64) -> Disc {
        Disc {
            center: Coord { x, y },
            radius: r,
        }
    }

    const PAGE: Bounds = Bounds {
        x0: 0.0,
        y0: 0.0,
        x1: 100.0,
        y1: 100.0,
    };

    #[test]
    fn a_crowd_ends_without_overlap_and_stays_near() {
        // twelve discs on nearly the same spot, as the Ruhr's big cities at national scale
        let discs: Vec<Disc> = (0..12)
            .map(|k| {
                disc(
                    50.0 + k as f64 * 0.3,
                    50.0 + (k % 3) as f64 * 0.4,
                    1.0 + k as f64 * 0.2,
                )
            })
            .collect();
        let placed = separate_discs(&discs, PAGE, 0.2);
        for i in 0..placed.len() {
            for j in i + 1..placed.len() {
                let d = (placed[i].x - placed[j].x).hypot(placed[i].y - placed[j].y);
                assert!(
                    d + 1e-6 >= discs[i].radius + discs[j].radius,
                    "{i} {j}: {d}"
                );
            }
            let moved = (placed[i].x - discs[i].center.x).hypot(placed[i].y - discs[i].center.y);
            assert!(moved < 12.0, "{i} moved {moved} mm");
        }
        assert_eq!(placed, separate_discs(&discs, PAGE, 0.2), "deterministic");
    }

    #[test]
    fn discs_stay_inside_the_frame_and_equal_centres_separate() {
        let discs = [disc(1.0, 1.0, 2.0), disc(1.0, 1.0, 2.0)];
        let placed = separate_discs(&discs, PAGE, 0.2);
        for p in &placed {
            assert!(p.x >= 2.0 - 1e-9 && p.y >= 2.0 - 1e-9, "{p:?}");
        }
        let d = (placed[0].x - placed[1].x).hypot(placed[0].y - placed[1].y);
        assert!(d + 1e-6 >= 4.0, "{d}");
    }

    #[test]
    fn pulling_back_keeps_a_disc_as_close_as_it_can() {
        // the small disc is pushed out of the big one, and ends just outside it
        let discs = [disc(50.0, 50.0, 5.0), disc(51.0, 50.0, 1.0)];
        let placed = separate_discs(&discs, PAGE, 0.2);
        let d = (placed[0].x - placed[1].x).hypot(placed[0].y - placed[1].y);
        assert!(
            (6.2 - 1e-6..6.2 + 6.2 / PULL_STEPS as f64).contains(&d),
            "{d}"
        );
    }

    #[test]
    fn a_disc_shut_in_by_a_crowd_finds_spots_on_its_rim() {
        // a small disc in the pocket between four big ones, as Recklinghausen
        // among Essen, Gelsenkirchen, Dortmund and Bochum
        let mut discs = vec![
            disc(44.0, 50.0, 3.5),
            disc(56.0, 50.0, 3.5),
            disc(50.0, 44.0, 3.5),
            disc(50.0, 56.0, 3.5),
            disc(50.0, 50.0, 1.0),
        ];
        let placed: Vec<Coord<f64>> = discs.iter().map(|d| d.center).collect();
        let spots = free_spots(4, &discs, &placed, PAGE, 0.3, 12.0);
        assert!(!spots.is_empty());
        let from = |p: &Coord<f64>| (p.x - 50.0).hypot(p.y - 50.0);
        // the pocket itself is free, and it comes first
        assert_eq!(spots[0], discs[4].center);
        for w in spots.windows(2) {
            assert!(from(&w[0]) <= from(&w[1]) + 1e-9, "{w:?}");
        }
        for p in &spots {
            for d in &discs[..4] {
                let gap = (p.x - d.center.x).hypot(p.y - d.center.y) - d.radius - 1.0;
                assert!(gap + 1e-6 >= 0.3, "{p:?} is {gap} from {d:?}");
            }
            assert!(from(p) <= 12.0 + 1e-9);
        }
        // grown to fill the pocket, the small disc only fits outside the ring
        discs[4].radius = 2.6;
        let spots = free_spots(4, &discs, &placed, PAGE, 0.3, 12.0);
        assert!(!spots.is_empty());
        assert!(spots.iter().all(|p| from(p) > 6.0), "{:?}", spots[0]);
        // a page too small for any spot gives none
        let tiny = Bounds {
            x0: 48.0,
            y0: 48.0,
            x1: 52.0,
            y1: 52.0,
        };
        assert!(free_spots(4, &discs, &placed, tiny, 0.3, 12.0).is_empty());
    }
}
