//! The official boundaries: municipalities ([`Municipality`], keyed by
//! [`Ags`]), the embedded BKG VG250 data set ([`Boundaries`]), regions
//! ([`Region`]), the shared-arc topology the figures simplify, sub-region
//! schemes (presets and user mappings) and the importer that builds a
//! boundaries folder from VG250 shapefiles or GeoJSON; and the context
//! beyond the border ([`Context`]: neighbouring countries, land, towns abroad).

mod admin_units;
mod ags;
mod boundary_set;
mod context;
mod context_binary;
mod import;
mod municipality;
mod region;
mod subregion;
mod topology;

pub use admin_units::{AdminLevel, AdminUnit, regierungsbezirk_by_name};
pub use ags::{Ags, AgsError};
pub(crate) use boundary_set::ATTRIBUTION;
pub use boundary_set::{Boundaries, BoundaryError};
pub use context::{Context, Country, MAJOR_TOWN_RADIUS_KM, MAX_TOWN_DISTANCE_KM, NearbyTown, Town};
pub use import::{
    ImportError, ImportOptions, ImportSummary, SourceError, SourceFeature, epsg_from_wkt,
    import_boundaries, parse_geojson, read_source,
};
pub use municipality::{Municipality, MunicipalityId};
pub use region::{RUHR_NAME, Region, RegionError};
pub use subregion::{
    DEFAULT_SUBREGION_PRESET, MIN_NEIGHBOUR_LIGHTNESS_STEP, MappingLocation,
    SUBREGION_FILL_OPACITY, SUBREGION_PRESETS, Subregion, SubregionError, SubregionScheme,
    drawn_lab, drawn_lightness, lab, lightness, preset_fills, relative_luminance, tint_channel,
};
pub use topology::{
    ArcChain, ArcRef, DecodedTopology, DirectedArc, GeometryMeta, QuantizedGeometry, Topology,
    TopologyError, requantize_topology, simplify_topology,
};
