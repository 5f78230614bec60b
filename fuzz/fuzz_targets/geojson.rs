//! The boundary GeoJSON parser on arbitrary bytes: features or an error
//! naming the file, never a panic; every feature it accepts is a set of
//! closed rings of WGS84 positions.
#![no_main]

use libfuzzer_sys::fuzz_target;
use std::path::Path;

fuzz_target!(|data: &[u8]| {
    match ruhrmap::boundaries::parse_geojson(Path::new("gem.geojson"), data) {
        Ok(features) => {
            for feature in features {
                for polygon in &feature.geometry.0 {
                    for ring in std::iter::once(polygon.exterior()).chain(polygon.interiors()) {
                        assert!(ring.0.len() >= 4 && ring.0.first() == ring.0.last());
                        assert!(ring.0.iter().all(|c| c.x.abs() <= 180.0 && c.y.abs() <= 90.0));
                    }
                }
            }
        }
        Err(e) => {
            let message = e.to_string();
            assert!(message.starts_with("gem.geojson"), "{message}");
        }
    }
});
