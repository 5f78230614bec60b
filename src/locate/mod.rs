//! Point in polygon over the municipalities: an R-tree of polygons with an
//! exact ring test ([`MunicipalityIndex`]), a grid whose inner cells need no
//! edge test ([`GridLocator`]), and the [`SiteLocator`] that picks the right
//! one for the region and for Germany beyond it.

mod grid_locator;
mod municipality_index;
mod ring_set;
mod site_locator;

pub use grid_locator::{GridLocator, GridStats, segment_meets_rect};
pub use municipality_index::MunicipalityIndex;
pub use site_locator::SiteLocator;
