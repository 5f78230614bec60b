//! The partner-table reader on arbitrary bytes, as CSV and as GeoJSON: a
//! table or an error naming the file, never a panic; every row has as many
//! cells as the header; and the first rows go through the geocoder.
#![no_main]

use libfuzzer_sys::fuzz_target;
use ruhrmap::{Boundaries, Geocoder, Region, SubregionScheme};
use ruhrmap::table::TableBlocks;
use std::path::Path;
use std::sync::OnceLock;

/// Rows per input that are geocoded (the reader is the target; a few rows
/// keep the geocoder's handling of odd cells in view without slowing it).
const GEOCODED_ROWS: usize = 8;

fn geocoder() -> &'static Geocoder<'static> {
    static GEOCODER: OnceLock<Geocoder<'static>> = OnceLock::new();
    GEOCODER.get_or_init(|| {
        let boundaries = Boundaries::embedded();
        let region: &'static Region = Box::leak(Box::new(Region::ruhr(boundaries)));
        let scheme: &'static SubregionScheme = Box::leak(Box::new(
            SubregionScheme::preset("zonen", region, boundaries).expect("preset"),
        ));
        Geocoder::new(boundaries, region, scheme)
    })
}

fuzz_target!(|data: &[u8]| {
    for name in ["p.csv", "p.geojson"] {
        match TableBlocks::from_bytes(Path::new(name), data.to_vec()) {
            Ok(blocks) => {
                let mut geocoded = 0;
                for i in 0..blocks.block_count() {
                    let Ok(rows) = blocks.read_block(i) else {
                        break;
                    };
                    for row in &rows {
                        assert_eq!(row.values.len(), blocks.headers.len());
                        if geocoded < GEOCODED_ROWS {
                            geocoder().resolve_record(&blocks.columns, row);
                            geocoded += 1;
                        }
                    }
                }
            }
            Err(e) => {
                let message = e.to_string();
                assert!(message.starts_with(name), "{message}");
            }
        }
    }
});
