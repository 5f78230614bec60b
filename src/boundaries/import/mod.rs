//! Building a boundaries folder from BKG VG250: shapefiles in
//! EPSG:25832, or GeoJSON.

mod importer;
mod vg250_source;

pub use importer::{import_boundaries, ImportError, ImportOptions, ImportSummary};
pub use vg250_source::{epsg_from_wkt, parse_geojson, read_source, SourceError, SourceFeature};
