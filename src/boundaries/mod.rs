//! The official boundaries: municipalities ([`Municipality`], keyed by
//! [`Ags`]), the embedded BKG VG250 data set ([`Boundaries`]), regions
//! ([`Region`]), the shared-arc topology the figures simplify, sub-region
//! schemes (presets and user mappings) and the importer that builds a
//! boundaries folder from VG250 shapefiles or GeoJSON.

mod ags;
mod boundary_set;
mod import;
mod municipality;
mod region;
mod subregion;
mod topology;

pub use ags::{Ags, AgsError};
pub(crate) use boundary_set::ATTRIBUTION;
pub use boundary_set::{Boundaries, BoundaryError};
pub use import::{
    epsg_from_wkt, import_boundaries, parse_geojson, read_source, ImportError, ImportOptions,
    ImportSummary, SourceError, SourceFeature,
};
pub use municipality::Municipality;
pub use region::{Region, RegionError, RUHR_NAME};
pub use subregion::{
    MappingLocation, Subregion, SubregionError, SubregionScheme, DEFAULT_SUBREGION_PRESET,
    SUBREGION_PRESETS,
};
pub use topology::{requantize_topology, simplify_topology, ArcRef, Topology, TopologyError};
