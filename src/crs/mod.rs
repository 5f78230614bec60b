//! Coordinate reference systems: the one wrapper around proj4rs that turns
//! source coordinates (EPSG:25832 and friends) into WGS84, and the map
//! projection with the page transform a figure is drawn in.

mod map_projection;
mod reprojection;

pub use map_projection::{DEFAULT_CRS, MapProjection, PageTransform};
pub use reprojection::{CrsError, ProjectionError, Reprojection};
