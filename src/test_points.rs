//! Seeded random points for the unit tests of the point locators: a tiny
//! xorshift generator, so the tests need no extra crate and never depend on chance.

use geo_types::Coord;

/// A deterministic stream of numbers in [0, 1).
pub(crate) fn uniform(seed: u64) -> impl FnMut() -> f64 {
    let mut s = seed;
    move || {
        s ^= s << 13;
        s ^= s >> 7;
        s ^= s << 17;
        (s >> 11) as f64 / (1u64 << 53) as f64
    }
}

/// `n` uniform points in `bbox` = [xmin, ymin, xmax, ymax].
pub(crate) fn points(seed: u64, n: usize, bbox: [f64; 4]) -> Vec<Coord<f64>> {
    let mut next = uniform(seed);
    (0..n)
        .map(|_| Coord {
            x: bbox[0] + next() * (bbox[2] - bbox[0]),
            y: bbox[1] + next() * (bbox[3] - bbox[1]),
        })
        .collect()
}
