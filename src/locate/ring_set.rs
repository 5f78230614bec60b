//! The exact point-in-polygon test: even-odd crossing over a set of rings in
//! quantised integer coordinates (exterior and holes alike).

/// The rings of one polygon part (exterior first, then holes), closed, in
/// quantised coordinates. A point is inside when a ray from it crosses the
/// rings an odd number of times, the rule GEOS and SVG's `evenodd` share for
/// valid polygons.
#[derive(Debug, Clone)]
pub(crate) struct RingSet {
    rings: Vec<Vec<[i32; 2]>>,
    bbox: [i32; 4],
}

impl RingSet {
    /// Wraps closed rings.
    pub(crate) fn new(rings: Vec<Vec<[i32; 2]>>) -> RingSet {
        let mut bbox = [i32::MAX, i32::MAX, i32::MIN, i32::MIN];
        for p in rings.iter().flatten() {
            bbox[0] = bbox[0].min(p[0]);
            bbox[1] = bbox[1].min(p[1]);
            bbox[2] = bbox[2].max(p[0]);
            bbox[3] = bbox[3].max(p[1]);
        }
        RingSet { rings, bbox }
    }

    /// `[xmin, ymin, xmax, ymax]` over all rings.
    pub(crate) fn bbox(&self) -> [i32; 4] {
        self.bbox
    }

    /// The rings.
    pub(crate) fn rings(&self) -> &[Vec<[i32; 2]>] {
        &self.rings
    }

    /// Even-odd containment of a point given in (fractional) quantised coordinates.
    pub(crate) fn contains(&self, q: [f64; 2]) -> bool {
        let [x, y] = q;
        if x < self.bbox[0] as f64
            || x > self.bbox[2] as f64
            || y < self.bbox[1] as f64
            || y > self.bbox[3] as f64
        {
            return false;
        }
        let mut inside = false;
        for ring in &self.rings {
            inside ^= crosses_odd(ring, x, y);
        }
        inside
    }
}

/// Whether a rightward horizontal ray from (x, y) crosses the closed ring an
/// odd number of times. Half-open on y so a vertex on the ray counts once.
#[inline]
pub(crate) fn crosses_odd(ring: &[[i32; 2]], x: f64, y: f64) -> bool {
    let mut odd = false;
    for w in ring.windows(2) {
        let (ax, ay) = (w[0][0] as f64, w[0][1] as f64);
        let (bx, by) = (w[1][0] as f64, w[1][1] as f64);
        if (ay > y) != (by > y) {
            let t = (y - ay) / (by - ay);
            if x < ax + t * (bx - ax) {
                odd = !odd;
            }
        }
    }
    odd
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn square_with_hole() {
        let outer = vec![[0, 0], [0, 10], [10, 10], [10, 0], [0, 0]];
        let hole = vec![[4, 4], [6, 4], [6, 6], [4, 6], [4, 4]];
        let set = RingSet::new(vec![outer, hole]);
        assert!(set.contains([1.0, 1.0]));
        assert!(!set.contains([5.0, 5.0]));
        assert!(!set.contains([11.0, 5.0]));
        assert!(set.contains([9.5, 5.0]));
    }
}
