//! Building a boundaries folder from BKG VG250: shapefiles in
//! EPSG:25832, or GeoJSON.

mod importer;
mod vg250_source;

pub use importer::{ImportError, ImportOptions, ImportSummary, import_boundaries};
pub use vg250_source::{SourceError, SourceFeature, epsg_from_wkt, parse_geojson, read_source};
