//! Link routing: the lines from a project's coordinator to its partners.
//!
//! Straight lines from one hub pile up wherever several partners lie in
//! nearly the same direction (Essen → Bochum and Essen → Dortmund run along
//! one another), and a reader can no longer count them. Links are therefore
//! fanned out by bearing: links leaving the hub closer than a minimum angle
//! are spread evenly around their mean bearing and drawn as gentle quadratic
//! Bézier curves that leave the hub at the spread angle and still end exactly
//! at their partner. Links whose bearings are already apart stay straight.

use geo_types::Coord;

/// How links fan out at the hub.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct FanOut {
    /// Minimum angle in degrees between links leaving the hub.
    pub min_separation_deg: f64,
    /// Largest bend in degrees: the departure direction never deviates more
    /// than this from the straight line, so curves stay gentle.
    pub max_deviation_deg: f64,
    /// Links shorter than this (mm) stay straight and do not take part in the
    /// fan (partners in the coordinator's own municipality).
    pub min_length_mm: f64,
}

impl Default for FanOut {
    fn default() -> FanOut {
        FanOut {
            min_separation_deg: 9.0,
            max_deviation_deg: 22.0,
            min_length_mm: 4.0,
        }
    }
}

/// A link as drawn: a quadratic Bézier curve from the hub to the partner
/// (straight when the control point lies on the chord).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RoutedLink {
    /// Start at the hub (mm).
    pub from: Coord<f64>,
    /// Control point of the quadratic Bézier (mm).
    pub control: Coord<f64>,
    /// End at the partner (mm).
    pub to: Coord<f64>,
}

impl RoutedLink {
    /// A straight link.
    pub fn straight(from: Coord<f64>, to: Coord<f64>) -> RoutedLink {
        RoutedLink {
            from,
            control: Coord {
                x: (from.x + to.x) / 2.0,
                y: (from.y + to.y) / 2.0,
            },
            to,
        }
    }

    /// The point at parameter `t` in 0..=1.
    ///
    /// ```
    /// use geo_types::coord;
    /// let l = ruhrmap::render::RoutedLink::straight(coord! { x: 0.0, y: 0.0 }, coord! { x: 10.0, y: 0.0 });
    /// assert_eq!(l.point_at(0.5), coord! { x: 5.0, y: 0.0 });
    /// ```
    pub fn point_at(&self, t: f64) -> Coord<f64> {
        let u = 1.0 - t;
        Coord {
            x: u * u * self.from.x + 2.0 * u * t * self.control.x + t * t * self.to.x,
            y: u * u * self.from.y + 2.0 * u * t * self.control.y + t * t * self.to.y,
        }
    }

    /// `n + 1` points along the curve (for overlap tests and exports).
    pub fn sample(&self, n: usize) -> Vec<Coord<f64>> {
        let n = n.max(1);
        (0..=n)
            .map(|k| self.point_at(k as f64 / n as f64))
            .collect()
    }

    /// The curve as a polyline of [`RoutedLink::POLYLINE_SEGMENTS`]
    /// straight pieces: what label placement avoids and the layout report
    /// tests labels against (the pieces stray from the curve by less than a
    /// hundredth of a millimetre at map scale).
    pub fn polyline(&self) -> Vec<Coord<f64>> {
        self.sample(Self::POLYLINE_SEGMENTS)
    }

    /// Straight pieces of [`RoutedLink::polyline`].
    pub const POLYLINE_SEGMENTS: usize = 32;

    /// The chord length (mm).
    pub fn length(&self) -> f64 {
        (self.to.x - self.from.x).hypot(self.to.y - self.from.y)
    }

    /// How far the curve bows away from the chord at its middle (mm).
    pub fn bow(&self) -> f64 {
        let mid = self.point_at(0.5);
        let chord_mid = Coord {
            x: (self.from.x + self.to.x) / 2.0,
            y: (self.from.y + self.to.y) / 2.0,
        };
        (mid.x - chord_mid.x).hypot(mid.y - chord_mid.y)
    }

    /// The departure direction at the hub, degrees counter-clockwise from the
    /// page's +x axis with the page's y axis pointing down (i.e. as seen).
    pub fn departure_deg(&self) -> f64 {
        bearing(
            self.from,
            if self.control == self.from {
                self.to
            } else {
                self.control
            },
        )
    }

    /// The link trimmed to end `by` mm before its end point along the chord
    /// direction: links stop at the rim of the partner's marker.
    pub fn trimmed_end(&self, by: f64) -> RoutedLink {
        let len = self.length();
        if len <= by || by <= 0.0 {
            return *self;
        }
        // de Casteljau split at the parameter whose point is about `by` from the end
        let t = 1.0 - by / len;
        let a = lerp(self.from, self.control, t);
        let b = lerp(self.control, self.to, t);
        let end = lerp(a, b, t);
        RoutedLink {
            from: self.from,
            control: a,
            to: end,
        }
    }
}

fn lerp(a: Coord<f64>, b: Coord<f64>, t: f64) -> Coord<f64> {
    Coord {
        x: a.x + (b.x - a.x) * t,
        y: a.y + (b.y - a.y) * t,
    }
}

/// Direction from `a` to `b` in degrees counter-clockwise from +x as seen on
/// the page (whose y axis points down), in 0..360.
fn bearing(a: Coord<f64>, b: Coord<f64>) -> f64 {
    (-(b.y - a.y))
        .atan2(b.x - a.x)
        .to_degrees()
        .rem_euclid(360.0)
}

/// Routes links from `hub` to each of `targets` (page mm), in input order.
///
/// ```
/// use geo_types::coord;
/// use ruhrmap::render::{FanOut, route_links};
/// let hub = coord! { x: 0.0, y: 0.0 };
/// // two partners almost in line: the links are bent apart
/// let links = route_links(hub, &[coord! { x: 20.0, y: 0.0 }, coord! { x: 40.0, y: -0.5 }], &FanOut::default());
/// let spread = (links[0].departure_deg() - links[1].departure_deg()).abs();
/// assert!(spread >= 8.9, "{spread}");
/// assert_eq!(links[1].to, coord! { x: 40.0, y: -0.5 }); // ends stay on the partners
/// ```
pub fn route_links(hub: Coord<f64>, targets: &[Coord<f64>], fan: &FanOut) -> Vec<RoutedLink> {
    let mut links: Vec<RoutedLink> = targets
        .iter()
        .map(|&t| RoutedLink::straight(hub, t))
        .collect();
    let fanned: Vec<usize> = (0..targets.len())
        .filter(|&i| links[i].length() >= fan.min_length_mm)
        .collect();
    if fanned.len() < 2 {
        return links;
    }
    let theta: Vec<f64> = fanned.iter().map(|&i| bearing(hub, targets[i])).collect();
    let departures = spread_angles(&theta, fan);
    for (k, &i) in fanned.iter().enumerate() {
        let deviation = angle_diff(departures[k], theta[k]);
        if deviation.abs() < 0.05 {
            continue;
        }
        let len = links[i].length();
        // control point on the departure ray, projecting onto the chord's middle:
        // the curve is symmetric and bows by len/4 · tan(deviation)
        let reach = (len / 2.0) / deviation.to_radians().cos();
        let a = departures[k].to_radians();
        links[i].control = Coord {
            x: hub.x + reach * a.cos(),
            y: hub.y - reach * a.sin(),
        };
    }
    links
}

/// Signed difference `a - b` of two angles in degrees, in -180..180.
fn angle_diff(a: f64, b: f64) -> f64 {
    (a - b + 180.0).rem_euclid(360.0) - 180.0
}

/// Departure angles (degrees) for links of bearings `theta`: consecutive
/// departures at least `min_separation_deg` apart where possible, each within
/// `max_deviation_deg` of its bearing, the circular order of links kept.
fn spread_angles(theta: &[f64], fan: &FanOut) -> Vec<f64> {
    let n = theta.len();
    let sep = fan.min_separation_deg.min(360.0 / n as f64);
    // circular order, cut open at the widest gap so that no group wraps around
    let mut order: Vec<usize> = (0..n).collect();
    order.sort_by(|&a, &b| theta[a].total_cmp(&theta[b]).then(a.cmp(&b)));
    // sorted ascending, so only the wrap-around gap (last → first) crosses 360°
    let gap_after = |k: usize| -> f64 {
        if k + 1 == n {
            theta[order[0]] + 360.0 - theta[order[k]]
        } else {
            theta[order[k + 1]] - theta[order[k]]
        }
    };
    let widest = (0..n)
        .max_by(|&a, &b| gap_after(a).total_cmp(&gap_after(b)).then(b.cmp(&a)))
        .unwrap_or(0);
    let start = (widest + 1) % n;
    let linear: Vec<usize> = (0..n).map(|k| order[(start + k) % n]).collect();
    // unwrapped bearings, increasing
    let mut unwrapped: Vec<f64> = Vec::with_capacity(n);
    for &i in &linear {
        let mut v = theta[i];
        if let Some(&prev) = unwrapped.last() {
            while v < prev {
                v += 360.0;
            }
        }
        unwrapped.push(v);
    }
    // groups of links closer than `sep`; spread each evenly about its mean, merge
    // groups that then collide, until stable
    let mut groups: Vec<(usize, usize)> = (0..n).map(|k| (k, k + 1)).collect(); // [start, end)
    let place = |g: (usize, usize)| -> (f64, f64) {
        let m = (g.1 - g.0) as f64;
        let mean = unwrapped[g.0..g.1].iter().sum::<f64>() / m;
        let half = (m - 1.0) * sep / 2.0;
        (mean - half, mean + half)
    };
    loop {
        let mut merged = false;
        let mut k = 0;
        while k + 1 < groups.len() {
            let (_, hi) = place(groups[k]);
            let (lo, _) = place(groups[k + 1]);
            if lo - hi < sep - 1e-9 {
                groups[k].1 = groups[k + 1].1;
                groups.remove(k + 1);
                merged = true;
            } else {
                k += 1;
            }
        }
        if !merged {
            break;
        }
    }
    let mut out = vec![0.0; n];
    for g in groups {
        let (lo, _) = place(g);
        for (j, k) in (g.0..g.1).enumerate() {
            let ideal = lo + j as f64 * sep;
            let dev = (ideal - unwrapped[k]).clamp(-fan.max_deviation_deg, fan.max_deviation_deg);
            out[linear[k]] = (unwrapped[k] + dev).rem_euclid(360.0);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use geo_types::coord;

    fn hub() -> Coord<f64> {
        coord! { x: 50.0, y: 50.0 }
    }

    #[test]
    fn well_separated_links_stay_straight() {
        let targets = [
            coord! { x: 80.0, y: 50.0 },
            coord! { x: 50.0, y: 20.0 },
            coord! { x: 20.0, y: 50.0 },
        ];
        for l in route_links(hub(), &targets, &FanOut::default()) {
            assert!(l.bow() < 1e-9, "{l:?}");
        }
    }

    #[test]
    fn bundled_links_leave_the_hub_apart_and_end_on_target() {
        // five partners within 4° of due east
        let targets: Vec<Coord<f64>> = (0..5)
            .map(|k| {
                let a = (k as f64 - 2.0).to_radians();
                coord! { x: 50.0 + 30.0 * a.cos(), y: 50.0 - 30.0 * a.sin() }
            })
            .collect();
        let fan = FanOut::default();
        let links = route_links(hub(), &targets, &fan);
        let mut dep: Vec<f64> = links
            .iter()
            .map(|l| (l.departure_deg() + 180.0).rem_euclid(360.0) - 180.0)
            .collect();
        dep.sort_by(f64::total_cmp);
        for w in dep.windows(2) {
            assert!(w[1] - w[0] >= fan.min_separation_deg - 1e-6, "{dep:?}");
        }
        for (l, t) in links.iter().zip(&targets) {
            assert_eq!(l.to, *t);
            assert!(
                angle_diff(l.departure_deg(), bearing(hub(), *t)).abs()
                    <= fan.max_deviation_deg + 1e-6
            );
        }
        // the order around the hub is kept: no crossing at the start
        let order_by_bearing: Vec<usize> = {
            let mut o: Vec<usize> = (0..5).collect();
            o.sort_by(|&a, &b| bearing(hub(), targets[a]).total_cmp(&bearing(hub(), targets[b])));
            o
        };
        let order_by_departure: Vec<usize> = {
            let mut o: Vec<usize> = (0..5).collect();
            o.sort_by(|&a, &b| {
                links[a]
                    .departure_deg()
                    .total_cmp(&links[b].departure_deg())
            });
            o
        };
        assert_eq!(order_by_bearing, order_by_departure);
    }

    #[test]
    fn groups_across_zero_degrees_are_handled() {
        let targets = [coord! { x: 80.0, y: 50.5 }, coord! { x: 80.0, y: 49.5 }];
        let links = route_links(hub(), &targets, &FanOut::default());
        let d = angle_diff(links[0].departure_deg(), links[1].departure_deg()).abs();
        assert!((d - 9.0).abs() < 1e-6, "{d}");
    }

    #[test]
    fn short_links_stay_straight() {
        let targets = [coord! { x: 52.0, y: 50.0 }, coord! { x: 52.0, y: 50.1 }];
        for l in route_links(hub(), &targets, &FanOut::default()) {
            assert!(l.bow() < 1e-9);
        }
    }

    #[test]
    fn trimming_keeps_the_start_and_shortens_the_end() {
        let l = RoutedLink {
            from: coord! { x: 0.0, y: 0.0 },
            control: coord! { x: 10.0, y: 5.0 },
            to: coord! { x: 20.0, y: 0.0 },
        };
        let t = l.trimmed_end(2.0);
        assert_eq!(t.from, l.from);
        let d = (t.to.x - l.to.x).hypot(t.to.y - l.to.y);
        assert!(d > 1.5 && d < 2.6, "{d}");
        // the trimmed end lies on the original curve
        let on_curve = l
            .sample(2000)
            .iter()
            .map(|p| (p.x - t.to.x).hypot(p.y - t.to.y))
            .fold(f64::INFINITY, f64::min);
        assert!(on_curve < 0.02, "{on_curve}");
    }
}
