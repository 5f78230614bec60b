//! Sub-region schemes: presets shipped in `assets/subregions/` and mappings
//! users give as CSV, TOML or GeoJSON.

mod error;
mod mapping;
mod scheme;

pub use error::{MappingLocation, SubregionError};
pub use scheme::{DEFAULT_SUBREGION_PRESET, SUBREGION_PRESETS, Subregion, SubregionScheme};
