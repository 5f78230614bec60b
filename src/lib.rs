//! ruhrmap: cartographic network maps of project partners on the official
//! BKG VG250 municipality boundaries.
//!
//! The pipeline has plain data at every edge: boundaries are loaded
//! ([`Boundaries`]), partner sites are geocoded against them ([`Geocoder`]),
//! a figure is laid out as a scene and written as SVG, then rasterised to
//! PNG and converted to PDF.

#![deny(missing_docs)]
#![forbid(unsafe_code)]

pub mod boundaries;
pub mod crs;
pub mod export;
pub mod files;
pub mod geocode;
pub mod locate;
pub mod network;
pub mod render;
pub mod report;
pub mod table;
#[cfg(test)]
mod test_points;
pub mod text;

pub use boundaries::{
    Ags, Boundaries, ImportOptions, Municipality, MunicipalityId, Region, SubregionScheme,
    import_boundaries,
};
pub use export::{compute_tables, export_layers};
pub use files::write_atomically;
pub use geocode::{Geocoder, MatchKind, Resolution};
pub use locate::{GridLocator, MunicipalityIndex, SiteLocator};
pub use network::{Network, Partner, Project, Role};
pub use render::{BuiltFigure, LayoutReport, Scene, rasterize, svg_to_pdf, svg_to_png, write_svg};
pub use report::{
    BuildPlan, BuildSummary, FigureConfig, FigureData, FigureSpec, Report, ReportConfig,
    build_figure, build_report, write_figures_as,
};
pub use table::{PartnerTable, TableRow, read_table};
pub use text::Lang;
