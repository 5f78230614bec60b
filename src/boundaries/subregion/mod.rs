//! Sub-region schemes: presets shipped in `assets/subregions/` and mappings
//! users give as CSV, TOML or GeoJSON.

mod colouring;
mod error;
mod mapping;
mod scheme;

pub use colouring::{
    MIN_NEIGHBOUR_LIGHTNESS_STEP, SUBREGION_FILL_OPACITY, drawn_lab, drawn_lightness, lab,
    lightness, relative_luminance, tint_channel,
};
pub use error::{MappingLocation, SubregionError};
pub use scheme::{
    DEFAULT_SUBREGION_PRESET, SUBREGION_PRESETS, Subregion, SubregionScheme, preset_fills,
};
